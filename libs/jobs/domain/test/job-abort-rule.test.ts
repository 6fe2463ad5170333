import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  abortComment,
  firedAbortCriterion,
  type AbortConfig,
  type AbortCriterion,
  type AbortFailureType,
  type ExecutionOutcomeCounts,
} from '#jobs/domain';

const criterion = (failureType: AbortFailureType, thresholdPercentage: number, minNumberOfExecutedThings: number): AbortCriterion => ({
  failureType,
  action: 'CANCEL',
  thresholdPercentage,
  minNumberOfExecutedThings,
});
const counts = (succeeded: number, failed: number, rejected: number, timedOut: number): ExecutionOutcomeCounts => ({
  succeeded,
  failed,
  rejected,
  timedOut,
});

interface Case {
  name: string;
  criteria: AbortCriterion[];
  counts: ExecutionOutcomeCounts;
  /** Index of the criterion that fires, or undefined. */
  fires: number | undefined;
}

const CASES: Case[] = [
  { name: 'FAILED at exactly the threshold fires (>=)', criteria: [criterion('FAILED', 30, 10)], counts: counts(7, 3, 0, 0), fires: 0 },
  { name: 'FAILED just under the threshold does not fire', criteria: [criterion('FAILED', 30, 10)], counts: counts(8, 2, 0, 0), fires: undefined },
  { name: 'not before minNumberOfExecutedThings completed', criteria: [criterion('FAILED', 30, 10)], counts: counts(0, 9, 0, 0), fires: undefined },
  { name: 'REJECTED counts only rejections', criteria: [criterion('REJECTED', 50, 4)], counts: counts(1, 1, 2, 0), fires: 0 },
  { name: 'REJECTED ignores failures', criteria: [criterion('REJECTED', 50, 4)], counts: counts(1, 2, 1, 0), fires: undefined },
  { name: 'TIMED_OUT counts only timeouts', criteria: [criterion('TIMED_OUT', 25, 4)], counts: counts(3, 0, 0, 1), fires: 0 },
  { name: 'TIMED_OUT ignores failures', criteria: [criterion('TIMED_OUT', 25, 4)], counts: counts(0, 4, 0, 0), fires: undefined },
  { name: 'ALL sums the three failure types', criteria: [criterion('ALL', 60, 5)], counts: counts(2, 1, 1, 1), fires: 0 },
  { name: 'ALL under the threshold', criteria: [criterion('ALL', 61, 5)], counts: counts(2, 1, 1, 1), fires: undefined },
  {
    name: 'criteria are checked in order: the first that fires wins',
    criteria: [criterion('TIMED_OUT', 10, 4), criterion('FAILED', 10, 4)],
    counts: counts(0, 2, 0, 2),
    fires: 0,
  },
  {
    name: 'a later criterion fires when an earlier one does not',
    criteria: [criterion('TIMED_OUT', 50, 4), criterion('FAILED', 50, 4)],
    counts: counts(0, 3, 0, 1),
    fires: 1,
  },
  { name: 'nothing completed fires nothing, even at 0 %', criteria: [criterion('FAILED', 0, 1)], counts: counts(0, 0, 0, 0), fires: undefined },
  { name: 'a two-decimal threshold is compared exactly', criteria: [criterion('FAILED', 33.33, 3)], counts: counts(2, 1, 0, 0), fires: 0 },
  { name: '100 % needs every completed one to fail', criteria: [criterion('ALL', 100, 2)], counts: counts(1, 2, 0, 0), fires: undefined },
];

describe('abort rule: the first criterion that fires', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const config: AbortConfig = { criteriaList: c.criteria };
      assert.equal(firedAbortCriterion(config, c.counts)?.criterionIndex, c.fires);
    });
  }

  it('reports the numbers it fired on, and the comment spells them out', () => {
    const fired = firedAbortCriterion({ criteriaList: [criterion('ALL', 90, 1), criterion('FAILED', 30, 10)] }, counts(13, 7, 1, 0));
    assert.deepEqual(fired, {
      failureType: 'FAILED',
      thresholdPercentage: 30,
      minNumberOfExecutedThings: 10,
      criterionIndex: 1,
      failures: 7,
      completed: 21,
      failurePercentage: 33.33,
    });
  });

  it('the comment names the criterion, the failure type, the percentage and both counts', () => {
    const fired = firedAbortCriterion({ criteriaList: [criterion('FAILED', 30, 10)] }, counts(7, 4, 0, 0))!;
    assert.equal(fired.failurePercentage, 36.36);
    assert.equal(
      abortComment(fired),
      'Job aborted by abortConfig criterion 1: FAILED executions reached 36.36% (4 of 11 completed; threshold 30% after at least 10 completed)',
    );
  });
});
