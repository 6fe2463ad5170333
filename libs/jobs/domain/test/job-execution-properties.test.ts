import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  DomainError,
  isPendingExecutionStatus,
  isTerminalExecutionStatus,
  jobExecutionDecider,
  JOB_EXECUTION_STATUSES,
  type JobExecutionCommand,
  type JobExecutionEvent,
  type JobExecutionState,
} from '#jobs/domain';
import { JOB, T0, THING, THING_ARN } from './support/executions.js';

/** Random command sequences against one stream: the invariants of docs/aws-behaviour.md §7–§9 hold after every step. */

// Optional members are left out half the time, so that commands often act on the latest execution.
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const details = optional(fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.constantFrom('1', '2'), { maxKeys: 2 }));
const smallNumber = fc.integer({ min: 1, max: 3 });
const stepTimeout = optional(fc.constantFrom(-1, 1, 5, 60));

/** A command without its clock; the run stamps `now` so time only moves forward. */
const commandArb: fc.Arbitrary<(now: Date) => JobExecutionCommand> = fc.oneof(
  fc.record({ reason: fc.constantFrom('ROLLOUT' as const, 'REQUEUE' as const), timeout: optional(fc.constantFrom(1, 30)) }).map(
    ({ reason, timeout }) =>
      (now: Date): JobExecutionCommand => ({
        type: 'QueueJobExecution',
        data: {
          jobId: JOB,
          thingName: THING,
          thingArn: THING_ARN,
          reason,
          actor: 'p',
          now,
          ...(timeout ? { timeoutConfig: { inProgressTimeoutInMinutes: timeout } } : {}),
        },
      }),
  ),
  fc.record({ retries: fc.integer({ min: 0, max: 3 }) }).map(
    ({ retries }) =>
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
  fc.record({ statusDetails: details, stepTimeoutInMinutes: optional(fc.constantFrom(1, 5, 60)) }).map(
    (data) =>
      (now: Date): JobExecutionCommand => ({
        type: 'StartJobExecution',
        data: { ...strip(data), actor: 'p', now },
      }),
  ),
  fc
    .record({
      status: fc.constantFrom(...JOB_EXECUTION_STATUSES),
      statusDetails: details,
      expectedVersion: optional(smallNumber),
      executionNumber: optional(smallNumber),
      stepTimeoutInMinutes: stepTimeout,
    })
    .map(
      (data) =>
        (now: Date): JobExecutionCommand => ({ type: 'UpdateJobExecution', data: { ...strip(data), actor: 'p', now } }),
    ),
  fc
    .record({
      force: fc.boolean(),
      expectedVersion: optional(smallNumber),
      statusDetails: details,
      origin: optional(fc.constant('CancelJob' as const)),
    })
    .map(
      (data) =>
        (now: Date): JobExecutionCommand => ({ type: 'CancelJobExecution', data: { ...strip(data), actor: 'p', now } }),
    ),
  fc.record({ executionNumber: optional(smallNumber) }).map(
    (data) =>
      (now: Date): JobExecutionCommand => ({ type: 'TimeOutJobExecution', data: { ...strip(data), actor: 'p', now } }),
  ),
  fc.record({ executionNumber: smallNumber, force: fc.boolean() }).map(
    (data) =>
      (now: Date): JobExecutionCommand => ({ type: 'DeleteJobExecution', data: { ...data, actor: 'p', now } }),
  ),
);

/** Drops undefined members, as a JSON command would arrive. */
function strip<T extends object>(data: T): T {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as T;
}

interface Run {
  state: JobExecutionState;
  /** Per executionNumber: accepted changes since it was queued, and whether it reached a terminal status. */
  changes: Map<number, number>;
  terminal: Set<number>;
  deleted: Set<number>;
}

function step(run: Run, command: JobExecutionCommand): void {
  let events: JobExecutionEvent[];
  try {
    events = jobExecutionDecider.decide(command, run.state);
  } catch (error) {
    assert.ok(error instanceof DomainError, `only DomainErrors may be thrown, got ${String(error)}`);
    return;
  }
  for (const event of events) checkEvent(run, event);
}

/** Event types seen over all runs: proof that the generator reaches every kind of change. */
const seen = new Set<string>();

function checkEvent(run: Run, event: JobExecutionEvent): void {
  seen.add(event.type);
  const n = event.data.executionNumber;
  assert.ok(!run.deleted.has(n), `execution ${n} changed after deletion`);
  if (event.type === 'JobExecutionQueued') {
    assert.equal(n, run.state.lastExecutionNumber + 1, 'executionNumbers are given out in sequence');
    assert.equal(event.data.versionNumber, 1);
    run.changes.set(n, 0);
  } else if (event.type === 'JobExecutionDeleted') {
    run.deleted.add(n);
  } else {
    assert.ok(!run.terminal.has(n), `terminal execution ${n} changed by ${event.type}`);
    run.changes.set(n, (run.changes.get(n) ?? 0) + 1);
  }
  if (event.type !== 'JobExecutionDeleted' && isTerminalExecutionStatus(event.data.status)) run.terminal.add(n);
  run.state = jobExecutionDecider.evolve(run.state, event);
  checkState(run);
}

function checkState(run: Run): void {
  for (const execution of run.state.executions) {
    assert.equal(execution.versionNumber, 1 + run.changes.get(execution.executionNumber)!, 'versionNumber = 1 + accepted changes');
  }
  const pending = run.state.executions.filter((execution) => isPendingExecutionStatus(execution.status));
  assert.ok(pending.length <= 1, 'at most one pending execution per stream');
  if (pending.length === 1) assert.equal(pending[0], run.state.executions.at(-1), 'only the latest execution can be pending');
}

const sequences = fc.array(fc.tuple(commandArb, fc.integer({ min: 0, max: 90 })), { maxLength: 40 });

function runSequence(steps: ReadonlyArray<[(now: Date) => JobExecutionCommand, number]>): void {
  const run: Run = { state: jobExecutionDecider.initialState(), changes: new Map(), terminal: new Set(), deleted: new Set() };
  let minutes = 0;
  for (const [command, elapsed] of steps) {
    minutes += elapsed;
    step(run, command(new Date(T0.getTime() + minutes * 60_000)));
  }
}

describe('job-execution invariants under random command sequences', () => {
  it('versionNumber counts accepted changes; terminal executions never change again', () => {
    fc.assert(fc.property(sequences, runSequence), { numRuns: 500 });
  });

  it('the generator reaches every kind of change (fixed seed, so this check cannot flake)', () => {
    seen.clear();
    fc.assert(fc.property(sequences, runSequence), { numRuns: 500, seed: 20261128 });
    const everyEventType = [
      'JobExecutionQueued',
      'JobExecutionStarted',
      'JobExecutionUpdated',
      'JobExecutionSucceeded',
      'JobExecutionFailed',
      'JobExecutionRejected',
      'JobExecutionTimedOut',
      'JobExecutionCanceled',
      'JobExecutionDeleted',
    ];
    assert.deepEqual(
      everyEventType.filter((type) => !seen.has(type)),
      [],
    );
  });
});
