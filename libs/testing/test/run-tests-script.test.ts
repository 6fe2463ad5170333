import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testKafkaBrokers, testServerUrl } from '#testing';

// dist/libs/testing/test/ → repository root
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

const FILES = 3;
const TESTS_PER_FILE = 3000;

/** Runs scripts/run-tests.mjs on the given files with this run's services; resolves with its output. */
function runTests(files: string[]): Promise<{ code: number | null; output: string }> {
  // Without this, the nested test runner would take itself for a file's child of this run.
  const { NODE_TEST_CONTEXT: _ownContext, ...env } = process.env;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'run-tests.mjs'), ...files], {
      cwd: repoRoot,
      env: { ...env, TEST_DATABASE_URL: testServerUrl(), KAFKA_BROKERS: testKafkaBrokers().join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

/**
 * The runner's summary must count every test that ran. Under --test-force-exit, Node's test
 * runner used to lose the last results of a file whose child exited with them still in its pipe,
 * and a green run reported fewer tests than it had (scripts/blocking-test-output.mjs). Three files
 * of 3,000 long-named tests side by side lost some in most runs before the fix.
 */
describe('scripts/run-tests.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'run-tests-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const files = Array.from({ length: FILES }, (_, index) => {
    const file = join(dir, `many-${index}.test.mjs`);
    writeFileSync(
      file,
      ["import { test } from 'node:test';", `for (let i = 0; i < ${TESTS_PER_FILE}; i++) test(\`result \${i} \${'x'.repeat(300)}\`, () => {});`].join(
        '\n',
      ),
    );
    return file;
  });

  it('reports every test of files that end at once, twice in a row', { timeout: 120_000 }, async () => {
    for (let run = 1; run <= 2; run++) {
      const { code, output } = await runTests(files);
      // Only the summary's figures go into the assertions: the whole output is megabytes.
      const summary = (name: string) => Number(new RegExp(`^ℹ ${name} (\\d+)$`, 'm').exec(output)?.[1]);
      assert.deepEqual(
        { run, code, tests: summary('tests'), pass: summary('pass') },
        { run, code: 0, tests: FILES * TESTS_PER_FILE, pass: FILES * TESTS_PER_FILE },
      );
    }
  });
});
