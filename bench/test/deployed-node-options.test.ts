import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEPLOYED_NODE_OPTIONS, DIST_DIR } from '../src/support/processes.js';

// The heap limit changes the service's memory profile (ADR 11): the benchmarks must run the service
// as it is deployed, and the image and `npm start` must not drift apart.
const repoFile = (name: string) => readFileSync(join(DIST_DIR, '..', name), 'utf8');

test('the image runs its processes with the node options the benchmarks start the service with', () => {
  const env = /^ENV[\s\S]*?NODE_OPTIONS=(\S+)/m.exec(repoFile('Dockerfile'));
  assert.equal(env?.[1], DEPLOYED_NODE_OPTIONS);
});

test('the npm scripts that start a long-running process use the same node options', () => {
  const scripts: Record<string, string> = JSON.parse(repoFile('package.json')).scripts;
  const starts = Object.entries(scripts).filter(([, command]) => /dist\/apps\/\S+main\.js/.test(command));
  assert.deepEqual(starts.map(([name]) => name).sort(), ['history:start', 'relay:start', 'start']);
  for (const [name, command] of starts) assert.match(command, new RegExp(`node .*${DEPLOYED_NODE_OPTIONS} `), name);
});
