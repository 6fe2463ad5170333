import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeJobExecutionState,
  encodeJobExecutionState,
  foldEvents,
  jobExecutionDecider,
  JOB_EXECUTION_STATUSES,
  type JobExecutionCommand,
  type JobExecutionEvent,
  type JobExecutionState,
} from '#jobs/domain';
import { JOB, T0, THING, THING_ARN } from './support/executions.js';

/**
 * A snapshot is only a shortcut: for any history and any cut point, reviving the snapshot of the
 * prefix and folding the rest must give the state that folding the whole history gives.
 */

const minutesAfterT0 = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const details = fc.option(fc.dictionary(fc.constantFrom('a', 'b'), fc.constantFrom('1', '2'), { maxKeys: 2 }), { nil: undefined });

const commandArb: fc.Arbitrary<(now: Date) => JobExecutionCommand> = fc.oneof(
  fc.option(fc.constantFrom(1, 30), { nil: undefined }).map(
    (timeout) =>
      (now: Date): JobExecutionCommand => ({
        type: 'QueueJobExecution',
        data: {
          jobId: JOB,
          thingName: THING,
          thingArn: THING_ARN,
          reason: 'ROLLOUT',
          actor: 'p',
          now,
          ...(timeout ? { timeoutConfig: { inProgressTimeoutInMinutes: timeout } } : {}),
        },
      }),
  ),
  fc.integer({ min: 0, max: 2 }).map(
    (retries) =>
      (now: Date): JobExecutionCommand => ({
        type: 'RetryJobExecution',
        data: {
          retryConfig: { criteriaList: [{ failureType: 'ALL', numberOfRetries: retries }] },
          executionNumber: 1 + (retries % 3),
          actor: 'p',
          now,
        },
      }),
  ),
  fc.option(fc.constantFrom(1, 60), { nil: undefined }).map(
    (step) =>
      (now: Date): JobExecutionCommand => ({
        type: 'StartJobExecution',
        data: { actor: 'd', now, ...(step ? { stepTimeoutInMinutes: step } : {}) },
      }),
  ),
  fc.tuple(fc.constantFrom(...JOB_EXECUTION_STATUSES), details).map(
    ([status, statusDetails]) =>
      (now: Date): JobExecutionCommand => ({
        type: 'UpdateJobExecution',
        data: { status, actor: 'd', now, ...(statusDetails ? { statusDetails } : {}) },
      }),
  ),
  fc.boolean().map(
    (force) =>
      (now: Date): JobExecutionCommand => ({ type: 'CancelJobExecution', data: { force, actor: 'p', now } }),
  ),
  fc.constant((now: Date): JobExecutionCommand => ({ type: 'TimeOutJobExecution', data: { actor: 's', now } })),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()).map(
    ([executionNumber, force]) =>
      (now: Date): JobExecutionCommand => ({
        type: 'DeleteJobExecution',
        data: { executionNumber, force, actor: 'p', now },
      }),
  ),
);

/** The events a random command sequence produces (refused commands produce none), as stored JSON. */
function historyOf(steps: ReadonlyArray<[(now: Date) => JobExecutionCommand, number]>): JobExecutionEvent[] {
  let state = jobExecutionDecider.initialState();
  const events: JobExecutionEvent[] = [];
  let minutes = 0;
  for (const [command, elapsed] of steps) {
    minutes += elapsed;
    let decided: JobExecutionEvent[] = [];
    try {
      decided = jobExecutionDecider.decide(command(minutesAfterT0(minutes)), state);
    } catch {
      continue;
    }
    state = decided.reduce(jobExecutionDecider.evolve, state);
    events.push(...decided);
  }
  // The store hands events back as parsed JSON, which is what a load folds.
  return JSON.parse(JSON.stringify(events)) as JobExecutionEvent[];
}

/** Members explicitly set to undefined and absent members mean the same to the decider. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

function throughStorage(state: JobExecutionState): JobExecutionState {
  return decodeJobExecutionState(JSON.parse(JSON.stringify(encodeJobExecutionState(state))));
}

const histories = fc
  .array(fc.tuple(commandArb, fc.integer({ min: 0, max: 90 })), { maxLength: 40 })
  .map(historyOf)
  .chain((events) => fc.tuple(fc.constant(events), fc.integer({ min: 0, max: events.length })));

describe('job-execution snapshots', () => {
  it('snapshot of a prefix + fold of the rest equals the fold of the whole history', () => {
    fc.assert(
      fc.property(histories, ([events, cut]) => {
        const whole = foldEvents(jobExecutionDecider, events);
        const snapshot = throughStorage(foldEvents(jobExecutionDecider, events.slice(0, cut)));
        const resumed = events.slice(cut).reduce(jobExecutionDecider.evolve, snapshot);
        assert.deepEqual(withoutUndefined(resumed), withoutUndefined(whole));
      }),
      { numRuns: 400 },
    );
  });

  it('revives every date member as a Date', () => {
    const queued = historyOf([
      [
        () => ({
          type: 'QueueJobExecution',
          data: {
            jobId: JOB,
            thingName: THING,
            thingArn: THING_ARN,
            reason: 'ROLLOUT',
            actor: 'p',
            now: T0,
            timeoutConfig: { inProgressTimeoutInMinutes: 5 },
          },
        }),
        0,
      ],
      [(now) => ({ type: 'StartJobExecution', data: { actor: 'd', now, stepTimeoutInMinutes: 1 } }), 1],
    ]);
    const revived = throughStorage(foldEvents(jobExecutionDecider, queued)).executions[0]!;
    for (const member of ['queuedAt', 'startedAt', 'lastUpdatedAt', 'inProgressTimeoutAt', 'stepTimeoutAt', 'timeoutAt'] as const) {
      assert.ok(revived[member] instanceof Date, `${member} is a Date`);
    }
    assert.equal(revived.startedAt!.toISOString(), minutesAfterT0(1).toISOString());
  });
});
