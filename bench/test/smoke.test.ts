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
  assert.deepEqual(names, ['1', '6', '2', '3', '4', '5', '7', '8', '9', '10', '10']);
  for (const result of results) {
    assert.ok(result.figures.length > 0, `${result.name} has figures`);
    // A few figures have no baseline to stand beside (benchmark 7's CancelJob answer, its sweep time).
    assert.ok(
      result.figures.some((figure) => figure.baseline !== undefined),
      `${result.name} has a figure with a baseline`,
    );
    for (const figure of result.figures) {
      assert.ok(Number.isFinite(figure.value) && figure.value > 0, `${result.name} / ${figure.metric}: ${figure.value}`);
      if (figure.baseline === undefined) continue;
      assert.ok(Number.isFinite(figure.baseline) && figure.baseline > 0, `${result.name} / ${figure.metric} baseline`);
    }
  }
  const output = printed.join('\n');
  for (const result of results) assert.match(output, new RegExp(`== ${result.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.match(output, /c=16 throughput \(req\/s\)\s+\S+\s+\S+ pgbench/);
  assert.match(output, /commit-to-notify-next p99 \(ms\)\s+\S+\s+\S+ raw MQTT publish/);
  assert.match(output, /device request round trip p99 \(ms\)\s+\S+\s+\S+ raw MQTT echo/);
});
