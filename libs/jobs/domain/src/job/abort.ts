import type { AbortConfig, AbortCriterion, AbortFailureType } from '../job-config.js';

/**
 * The abort rule (docs/aws-behaviour.md §16), as a pure function of the job's ended executions.
 *
 * "Completed" executions are SUCCEEDED, FAILED, REJECTED and TIMED_OUT ones, counting every
 * attempt (a thing retried twice counts three times, as AWS's own counters do); CANCELED, REMOVED
 * and deleted executions do not count. The criteria are checked in list order and the first one
 * with `completed >= minNumberOfExecutedThings` and `100 * failures / completed >= thresholdPercentage`
 * fires.
 */
export interface ExecutionOutcomeCounts {
  readonly succeeded: number;
  readonly failed: number;
  readonly rejected: number;
  readonly timedOut: number;
}

/** What fired, with the numbers: recorded on the JobAborted event and spelled in its comment. */
export interface AbortDetails {
  readonly failureType: AbortFailureType;
  readonly thresholdPercentage: number;
  readonly minNumberOfExecutedThings: number;
  /** The criterion's position in criteriaList, from 0. */
  readonly criterionIndex: number;
  readonly failures: number;
  readonly completed: number;
  /** 100 * failures / completed, rounded to two decimals. */
  readonly failurePercentage: number;
}

/** The automatic reasonCode of an abort, telling it from a cancel by a user. */
export const ABORT_REASON_CODE = 'JOB_ABORTED';

export function completedExecutions(counts: ExecutionOutcomeCounts): number {
  return counts.succeeded + counts.failed + counts.rejected + counts.timedOut;
}

export function failuresOfType(counts: ExecutionOutcomeCounts, type: AbortFailureType): number {
  switch (type) {
    case 'FAILED':
      return counts.failed;
    case 'REJECTED':
      return counts.rejected;
    case 'TIMED_OUT':
      return counts.timedOut;
    case 'ALL':
      return counts.failed + counts.rejected + counts.timedOut;
  }
}

/** The first criterion that fires on these counts, or undefined when none does. */
export function firedAbortCriterion(config: AbortConfig, counts: ExecutionOutcomeCounts): AbortDetails | undefined {
  const completed = completedExecutions(counts);
  for (const [criterionIndex, criterion] of config.criteriaList.entries()) {
    if (completed === 0 || completed < criterion.minNumberOfExecutedThings) continue;
    const failures = failuresOfType(counts, criterion.failureType);
    // Compared in integers-times-100 so 3 of 10 meets a 30 % threshold exactly (no 29.999… float).
    if (failures * 100 * 100 >= Math.round(criterion.thresholdPercentage * 100) * completed) {
      return details(criterion, criterionIndex, failures, completed);
    }
  }
  return undefined;
}

function details(criterion: AbortCriterion, criterionIndex: number, failures: number, completed: number): AbortDetails {
  return {
    failureType: criterion.failureType,
    thresholdPercentage: criterion.thresholdPercentage,
    minNumberOfExecutedThings: criterion.minNumberOfExecutedThings,
    criterionIndex,
    failures,
    completed,
    failurePercentage: Math.round((failures * 10000) / completed) / 100,
  };
}

/** The automatic comment of an abort: which criterion fired, with the numbers. */
export function abortComment(fired: AbortDetails): string {
  const what = fired.failureType === 'ALL' ? 'FAILED, REJECTED and TIMED_OUT' : fired.failureType;
  return (
    `Job aborted by abortConfig criterion ${fired.criterionIndex + 1}: ${what} executions reached ` +
    `${fired.failurePercentage}% (${fired.failures} of ${fired.completed} completed; threshold ` +
    `${fired.thresholdPercentage}% after at least ${fired.minNumberOfExecutedThings} completed)`
  );
}
