import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mediansInTurns } from '../src/support/stats.js';

test('mediansInTurns measures the two sides in turns and returns the median of each', async () => {
  const calls: string[] = [];
  const aValues = [30, 10, 20];
  const bValues = [5, 7, 6];
  const medians = await mediansInTurns(
    3,
    async (turn) => {
      calls.push(`a${turn}`);
      return aValues[turn]!;
    },
    async (turn) => {
      calls.push(`b${turn}`);
      return bValues[turn]!;
    },
  );
  assert.deepEqual(calls, ['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  assert.deepEqual(medians, [20, 6]);
});
