import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// dist/libs/testing/test/ → repository root
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const script = (name: string) => join(repoRoot, 'scripts', 'kafka', name);

function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('kafka.Kafka');
  } catch {
    return false;
  }
}

describe('scripts/kafka start.sh and stop.sh', () => {
  // A broker of its own (own state dir, next free port) beside the one the test run uses; the jar
  // cache is shared so no Maven run is needed when the run's broker came from start.sh.
  const stateDir = mkdtempSync(join(tmpdir(), 'kafka-script-test-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAFKA_STATE_DIR: stateDir,
    KAFKA_LIBS_DIR: process.env.KAFKA_LIBS_DIR ?? join(repoRoot, '.kafka', 'libs'),
  };
  delete env.KAFKA_PORT;
  const run = (name: string) => spawnSync('bash', [script(name)], { env, encoding: 'utf8', timeout: 120_000 });
  after(() => {
    run('stop.sh');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts a broker, reports it again when already running, and stops it completely', async () => {
    const first = run('start.sh');
    assert.equal(first.status, 0, first.stderr);
    const match = /^KAFKA_BROKERS=127\.0\.0\.1:(\d+)$/.exec(first.stdout.trim());
    assert.ok(match, `one KAFKA_BROKERS line on stdout, got: ${first.stdout}`);
    const port = Number(match[1]);
    const pid = Number(readFileSync(join(stateDir, 'broker.pid'), 'utf8'));
    assert.ok(await accepts(port), 'the broker accepts connections once start.sh returns');

    const again = run('start.sh');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, first.stdout, 'a second start reports the same broker');
    assert.match(again.stderr, /already running/);
    assert.equal(Number(readFileSync(join(stateDir, 'broker.pid'), 'utf8')), pid, 'and starts no second one');

    const stop = run('stop.sh');
    assert.equal(stop.status, 0, stop.stderr);
    assert.equal(processAlive(pid), false, 'the broker process is gone');
    assert.equal(await accepts(port), false, 'the port is closed');
    assert.equal(existsSync(join(stateDir, 'broker.pid')), false, 'the pid file is removed');

    const stopAgain = run('stop.sh');
    assert.equal(stopAgain.status, 0, 'stopping a stopped broker is a no-op');
  });
});
