import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isTerminalExecutionStatus,
  jobExecutionDecider,
  JOB_EXECUTION_STATUSES,
  type DomainErrorCode,
  type JobExecutionCommand,
  type JobExecutionEventType,
  type JobExecutionStatus,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';
import { at, cancel, historyIn, historyOf, queue, REACHABLE_STATUSES, remove, start, stateOf, timeOut, update } from './support/executions.js';

/** Every status × every command of docs/aws-behaviour.md §7, as tables: the expected event type, error code, or nothing. */

type Outcome = JobExecutionEventType | DomainErrorCode | 'nothing';
const spec = deciderSpec(jobExecutionDecider);
const isErrorCode = (outcome: Outcome): outcome is DomainErrorCode => !outcome.startsWith('JobExecution') && outcome !== 'nothing';

function expectOutcome(from: JobExecutionStatus, command: JobExecutionCommand, expected: Outcome): void {
  const history = historyIn(from);
  const when = spec.given(history).when(command);
  if (isErrorCode(expected)) {
    when.thenThrows(expected);
    return;
  }
  if (expected === 'nothing') {
    when.thenNothing();
    return;
  }
  const events = when.events();
  assert.equal(events.length, 1);
  const [event] = events;
  assert.equal(event!.type, expected);
  const before = stateOf(history).executions.at(-1)!;
  const bumps = event!.type === 'JobExecutionDeleted' ? 0 : 1;
  assert.equal(event!.data.versionNumber, before.versionNumber + bumps, 'versionNumber rises by exactly one per change');
}

const DEVICE_OUTCOME: Record<string, JobExecutionEventType> = {
  SUCCEEDED: 'JobExecutionSucceeded',
  FAILED: 'JobExecutionFailed',
  REJECTED: 'JobExecutionRejected',
};

/** docs/aws-behaviour.md §7.2, with DECISIONS.md 3 (service-only statuses) and 4 (QUEUED may finish directly). */
function expectedUpdate(from: JobExecutionStatus, requested: JobExecutionStatus): Outcome {
  if (requested === 'TIMED_OUT' || requested === 'REMOVED' || requested === 'CANCELED') return 'InvalidRequest';
  if (requested === 'QUEUED' || isTerminalExecutionStatus(from)) return 'InvalidStateTransition';
  if (requested === 'IN_PROGRESS') return from === 'QUEUED' ? 'JobExecutionStarted' : 'JobExecutionUpdated';
  return DEVICE_OUTCOME[requested]!;
}

describe('UpdateJobExecution: every status × every requested status (docs/aws-behaviour.md §7.2)', () => {
  for (const from of REACHABLE_STATUSES) {
    for (const requested of JOB_EXECUTION_STATUSES) {
      const expected = expectedUpdate(from, requested);
      it(`${from} → ${requested}: ${expected}`, () => expectOutcome(from, update(requested, {}, at(20)), expected));
    }
  }
});

describe('CancelJobExecution: every status × force (docs/aws-behaviour.md §7.3)', () => {
  for (const from of REACHABLE_STATUSES) {
    for (const force of [false, true]) {
      const expected: Outcome = from === 'QUEUED' || (from === 'IN_PROGRESS' && force) ? 'JobExecutionCanceled' : 'InvalidStateTransition';
      it(`${from}, force=${force}: ${expected}`, () => expectOutcome(from, cancel(force, {}, at(20)), expected));
    }
  }
});

describe('CancelJobExecution issued by CancelJob: unchanged where the spec leaves it (docs/aws-behaviour.md §7.4)', () => {
  for (const from of REACHABLE_STATUSES) {
    for (const force of [false, true]) {
      const expected: Outcome = from === 'QUEUED' || (from === 'IN_PROGRESS' && force) ? 'JobExecutionCanceled' : 'nothing';
      it(`${from}, force=${force}: ${expected}`, () => expectOutcome(from, cancel(force, { origin: 'CancelJob' }, at(20)), expected));
    }
  }
});

describe('StartJobExecution (StartNext): every status', () => {
  for (const from of REACHABLE_STATUSES) {
    const expected: Outcome = from === 'QUEUED' ? 'JobExecutionStarted' : from === 'IN_PROGRESS' ? 'nothing' : 'InvalidStateTransition';
    it(`${from}: ${expected}`, () => expectOutcome(from, start({}, at(20)), expected));
  }
});

describe('DeleteJobExecution: every status × force (docs/aws-behaviour.md §7.5)', () => {
  for (const from of REACHABLE_STATUSES) {
    for (const force of [false, true]) {
      const expected: Outcome = from === 'IN_PROGRESS' && !force ? 'InvalidStateTransition' : 'JobExecutionDeleted';
      it(`${from}, force=${force}: ${expected}`, () => expectOutcome(from, remove(1, force, at(20)), expected));
    }
  }
});

describe('TimeOutJobExecution: only a due IN_PROGRESS execution times out (docs/aws-behaviour.md §7.7)', () => {
  for (const from of REACHABLE_STATUSES) {
    const expected: Outcome = from === 'IN_PROGRESS' ? 'JobExecutionTimedOut' : 'nothing';
    // Only the IN_PROGRESS history runs a timer (5 minutes); it is checked long after that deadline.
    const history = from === 'IN_PROGRESS' ? historyOf(queue(), start({ stepTimeoutInMinutes: 5 })) : historyIn(from);
    it(`${from}: ${expected}`, () => {
      const when = spec.given(history).when(timeOut(at(10_000)));
      if (expected === 'nothing') return when.thenNothing();
      assert.deepEqual(
        when.events().map((event) => event.type),
        [expected],
      );
    });
  }
});
