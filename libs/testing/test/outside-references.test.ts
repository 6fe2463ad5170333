import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The repository explains itself: what it relies on from AWS is written in docs/aws-behaviour.md,
 * so no tracked file may point at reference material that lives outside the repository.
 */

// This file runs from dist/libs/testing/test/; the repository root is four levels up.
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const THIS_FILE = 'libs/testing/test/outside-references.test.ts';

/** Matched case-insensitively. */
const FORBIDDEN = ['spec §', '../shared', 'shared/reference', 'aws-iot-jobs-spec', 'aws-iot-jobs-fleet'];

function trackedFiles(): string[] {
  const output = execFileSync('git', ['ls-files', '-z'], { cwd: repositoryRoot, encoding: 'utf8' });
  return output.split('\0').filter((file) => file !== '' && file !== THIS_FILE);
}

function forbiddenReferences(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(join(repositoryRoot, file), 'utf8').toLowerCase();
    } catch {
      return []; // listed by git but deleted in the working tree
    }
    return FORBIDDEN.filter((needle) => text.includes(needle.toLowerCase())).map((needle) => `${file}: ${needle}`);
  });
}

describe('no reference to documents outside the repository', () => {
  it('in any tracked file', () => {
    assert.deepEqual(forbiddenReferences(trackedFiles()), []);
  });

  it('the scan sees a forbidden reference in a file', () => {
    assert.ok(FORBIDDEN.every((needle) => readFileSync(join(repositoryRoot, THIS_FILE), 'utf8').includes(needle)));
    assert.deepEqual(
      forbiddenReferences([THIS_FILE]),
      FORBIDDEN.map((needle) => `${THIS_FILE}: ${needle}`),
    );
  });
});
