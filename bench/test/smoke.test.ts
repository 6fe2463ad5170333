import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testKafkaBrokers, testServerUrl } from '#testing';
import { SMOKE } from '../src/support/context.js';
import { runSuite } from '../src/suite.js';

// Keeps the benchmark suite working: every benchmark runs at tiny sizes and prints its figures
// and its baseline's. No timing is asserted: figures on a shared machine say nothing in a test.
test('every benchmark runs and reports each figure with its baseline', { timeout: 600_000 }, async () => {
  const printed: string[] = [];
  const results = await runSuite(
    { databaseUrl: testServerUrl(), kafkaBrokers: testKafkaBrokers(), sizes: SMOKE, log: () => undefined },
    undefined,
    (text) => printed.push(text),
  );
  const names = results.map((r) => r.name.split('.')[0]);
  assert.deepEqual(names, ['1', '6', '2', '3', '4', '5', '7']);
  for (const result of results) {
    assert.ok(result.figures.length > 0, `${result.name} has figures`);
    for (const figure of result.figures) {
      assert.ok(Number.isFinite(figure.value) && figure.value > 0, `${result.name} / ${figure.metric}: ${figure.value}`);
      assert.ok(figure.baseline !== undefined && Number.isFinite(figure.baseline) && figure.baseline > 0, `${result.name} / ${figure.metric} baseline`);
    }
  }
  const output = printed.join('\n');
  for (const result of results) assert.match(output, new RegExp(`== ${result.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.match(output, /c=16 throughput \(req\/s\)\s+\S+\s+\S+ pgbench/);
});
