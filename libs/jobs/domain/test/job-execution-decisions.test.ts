import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobExecutionDecider, type JobExecutionCommand } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';
import {
  at,
  cancel,
  historyIn,
  historyOf,
  JOB,
  leave,
  queue,
  remove,
  start,
  stateOf,
  T0,
  THING,
  THING_ARN,
  timeOut,
  update,
} from './support/executions.js';

/** Given/When/Then on whole events: every field a command writes is asserted. */

const spec = deciderSpec(jobExecutionDecider);
const base = { jobId: JOB, thingName: THING, executionNumber: 1 };

describe('QueueJobExecution', () => {
  it('queues execution 1 at version 1 with the timeout config', () => {
    spec
      .given([])
      .when(queue(T0, 'ROLLOUT', { inProgressTimeoutInMinutes: 30 }))
      .then([
        {
          type: 'JobExecutionQueued',
          data: {
            ...base,
            versionNumber: 1,
            status: 'QUEUED',
            at: T0.toISOString(),
            actor: 'tester',
            thingArn: THING_ARN,
            retryAttempt: 0,
            timeoutConfig: { inProgressTimeoutInMinutes: 30 },
          },
        },
      ]);
  });

  it('is a no-op while an execution is pending, whatever the reason', () => {
    spec
      .given(historyIn('IN_PROGRESS'))
      .when(queue(at(5), 'ROLLOUT'))
      .thenNothing();
    spec
      .given(historyIn('QUEUED'))
      .when(queue(at(5), 'REQUEUE'))
      .thenNothing();
  });

  it('a replayed rollout does not queue the thing again after it finished', () => {
    spec
      .given(historyIn('SUCCEEDED'))
      .when(queue(at(5), 'ROLLOUT'))
      .thenNothing();
  });

  it('a requeue (a thing rejoining) after a result of its own queues nothing', () => {
    for (const status of ['SUCCEEDED', 'FAILED', 'REJECTED', 'TIMED_OUT', 'CANCELED'] as const) {
      spec
        .given(historyIn(status))
        .when(queue(at(5), 'REQUEUE'))
        .thenNothing();
    }
  });

  it('a requeue after REMOVED gives executionNumber + 1 at version 1', () => {
    const [event] = spec
      .given(historyIn('REMOVED'))
      .when(queue(at(5), 'REQUEUE'))
      .events();
    assert.equal(event?.type, 'JobExecutionQueued');
    assert.equal(event.data.executionNumber, 2);
    assert.equal(event.data.versionNumber, 1);
  });

  it('queueing after a deletion never reuses the deleted number', () => {
    const history = historyOf(queue(), remove(1, false));
    const [event] = spec
      .given(history)
      .when(queue(at(5), 'ROLLOUT'))
      .events();
    assert.equal(event?.data.executionNumber, 2);
  });
});

describe('StartJobExecution', () => {
  it('starts a QUEUED execution with the given details and a step timer', () => {
    spec
      .given(historyIn('QUEUED'))
      .when(start({ statusDetails: { a: 'b' }, stepTimeoutInMinutes: 10 }, at(1)))
      .then([
        {
          type: 'JobExecutionStarted',
          data: {
            ...base,
            versionNumber: 2,
            status: 'IN_PROGRESS',
            at: at(1).toISOString(),
            actor: 'device',
            previousStatus: 'QUEUED',
            startedBy: 'StartNextPendingJobExecution',
            statusDetails: { a: 'b' },
            stepTimeoutInMinutes: 10,
            stepTimeoutAt: at(11).toISOString(),
            timeoutAt: at(11).toISOString(),
          },
        },
      ]);
  });

  it('the in-progress timer starts at the start and caps the step timer', () => {
    const history = historyOf(queue(T0, 'ROLLOUT', { inProgressTimeoutInMinutes: 20 }));
    const [event] = spec
      .given(history)
      .when(start({ stepTimeoutInMinutes: 60 }, at(1)))
      .events();
    assert.equal(event?.type, 'JobExecutionStarted');
    assert.equal(event.data.inProgressTimeoutAt, at(21).toISOString());
    assert.equal(event.data.stepTimeoutAt, at(21).toISOString());
    assert.equal(event.data.timeoutAt, at(21).toISOString());
  });

  it('a wrong executionNumber is ResourceNotFound', () => {
    spec
      .given(historyIn('QUEUED'))
      .when(start({ executionNumber: 7 }))
      .thenThrows('ResourceNotFound');
  });

  it('an empty stream is ResourceNotFound', () => {
    spec.given([]).when(start()).thenThrows('ResourceNotFound');
  });
});

describe('UpdateJobExecution', () => {
  it('an IN_PROGRESS progress update replaces the details and bumps the version', () => {
    spec
      .given(historyIn('IN_PROGRESS'))
      .when(update('IN_PROGRESS', { statusDetails: { progress: '50' }, expectedVersion: 2 }, at(2)))
      .then([
        {
          type: 'JobExecutionUpdated',
          data: {
            ...base,
            versionNumber: 3,
            status: 'IN_PROGRESS',
            at: at(2).toISOString(),
            actor: 'device',
            previousStatus: 'IN_PROGRESS',
            statusDetails: { progress: '50' },
          },
        },
      ]);
  });

  it('details stay unchanged when absent, and an explicit {} clears them', () => {
    const kept = spec.given(historyIn('IN_PROGRESS')).when(update('SUCCEEDED')).events();
    assert.deepEqual(kept[0]?.type === 'JobExecutionSucceeded' && kept[0].data.statusDetails, { step: 'x' });
    const cleared = spec
      .given(historyIn('IN_PROGRESS'))
      .when(update('SUCCEEDED', { statusDetails: {} }))
      .events();
    assert.deepEqual(cleared[0]?.type === 'JobExecutionSucceeded' && cleared[0].data.statusDetails, {});
  });

  it('a QUEUED execution may finish directly', () => {
    const [event] = spec.given(historyIn('QUEUED')).when(update('SUCCEEDED')).events();
    assert.equal(event?.type, 'JobExecutionSucceeded');
    assert.equal(event.type === 'JobExecutionSucceeded' && event.data.previousStatus, 'QUEUED');
  });

  it('an expectedVersion mismatch is InvalidStateTransition carrying the current state', () => {
    const error = spec
      .given(historyIn('IN_PROGRESS'))
      .when(update('SUCCEEDED', { expectedVersion: 1 }))
      .thenThrows('InvalidStateTransition');
    assert.deepEqual(error.details, {
      reason: 'VersionMismatch',
      executionState: { status: 'IN_PROGRESS', statusDetails: { step: 'x' }, versionNumber: 2 },
    });
  });

  it('a repeated terminal update is refused with the current state (no idempotent success)', () => {
    const error = spec.given(historyIn('SUCCEEDED')).when(update('SUCCEEDED')).thenThrows('InvalidStateTransition');
    assert.deepEqual(error.details['executionState'], { status: 'SUCCEEDED', statusDetails: { step: 'x' }, versionNumber: 3 });
  });

  it('a device cannot update a force-canceled execution', () => {
    const history = [...historyIn('IN_PROGRESS'), ...jobExecutionDecider.decide(cancel(true), stateOf(historyIn('IN_PROGRESS')))];
    spec.given(history).when(update('IN_PROGRESS')).thenThrows('InvalidStateTransition');
  });

  it('a wrong executionNumber is ResourceNotFound', () => {
    spec
      .given(historyIn('IN_PROGRESS'))
      .when(update('SUCCEEDED', { executionNumber: 2 }))
      .thenThrows('ResourceNotFound');
  });

  it('an older execution of the stream is addressed by number, and is terminal', () => {
    const history = historyOf(queue(), leave(), queue(at(5), 'REQUEUE'));
    spec
      .given(history)
      .when(update('IN_PROGRESS', { executionNumber: 1 }))
      .thenThrows('InvalidStateTransition');
    const [event] = spec
      .given(history)
      .when(update('IN_PROGRESS', { executionNumber: 2 }))
      .events();
    assert.equal(event?.data.executionNumber, 2);
  });

  it('a step timeout of -1 clears the step timer; a new one replaces it', () => {
    const history = historyOf(queue(), start({ stepTimeoutInMinutes: 5 }, at(1)));
    const [cleared] = spec
      .given(history)
      .when(update('IN_PROGRESS', { stepTimeoutInMinutes: -1 }, at(2)))
      .events();
    assert.equal(cleared?.type === 'JobExecutionUpdated' && cleared.data.timeoutAt, undefined);
    const [replaced] = spec
      .given(history)
      .when(update('IN_PROGRESS', { stepTimeoutInMinutes: 30 }, at(2)))
      .events();
    assert.equal(replaced?.type === 'JobExecutionUpdated' && replaced.data.timeoutAt, at(32).toISOString());
  });

  it('a step timeout out of range is InvalidRequest', () => {
    spec
      .given(historyIn('IN_PROGRESS'))
      .when(update('IN_PROGRESS', { stepTimeoutInMinutes: 0 }))
      .thenThrows('InvalidRequest');
    spec
      .given(historyIn('QUEUED'))
      .when(start({ stepTimeoutInMinutes: -1 }))
      .thenThrows('InvalidRequest');
  });
});

describe('CancelJobExecution', () => {
  it('cancels a QUEUED execution without force; forceCanceled stays false', () => {
    spec
      .given(historyIn('QUEUED'))
      .when(cancel(false, { statusDetails: { why: 'ops' } }, at(3)))
      .then([
        {
          type: 'JobExecutionCanceled',
          data: {
            ...base,
            versionNumber: 2,
            status: 'CANCELED',
            at: at(3).toISOString(),
            actor: 'tester',
            previousStatus: 'QUEUED',
            force: false,
            forceCanceled: false,
            statusDetails: { why: 'ops' },
            origin: 'CancelJobExecution',
          },
        },
      ]);
  });

  it('force on IN_PROGRESS cancels it, marks forceCanceled and keeps absent details unchanged', () => {
    const [event] = spec
      .given(historyIn('IN_PROGRESS'))
      .when(cancel(true, { expectedVersion: 2 }))
      .events();
    assert.equal(event?.type, 'JobExecutionCanceled');
    assert.equal(event.type === 'JobExecutionCanceled' && event.data.forceCanceled, true);
    assert.deepEqual(event.type === 'JobExecutionCanceled' && event.data.statusDetails, { step: 'x' });
    assert.equal(event.data.versionNumber, 3);
  });

  it('force on QUEUED also records forceCanceled (forceCanceled = force of the cancel)', () => {
    const [event] = spec.given(historyIn('QUEUED')).when(cancel(true)).events();
    assert.equal(event?.type === 'JobExecutionCanceled' && event.data.forceCanceled, true);
  });

  it('an expectedVersion mismatch is VersionConflict, checked before the status', () => {
    const error = spec
      .given(historyIn('SUCCEEDED'))
      .when(cancel(true, { expectedVersion: 1 }))
      .thenThrows('VersionConflict');
    assert.equal(error.details['versionNumber'], 3);
  });

  it('a CancelJob sweep records its reason code and comment', () => {
    const [event] = spec
      .given(historyIn('QUEUED'))
      .when(cancel(false, { origin: 'CancelJob', reasonCode: 'OPS', comment: 'stop' }))
      .events();
    assert.equal(event?.type, 'JobExecutionCanceled');
    assert.deepEqual(event.type === 'JobExecutionCanceled' && [event.data.origin, event.data.reasonCode, event.data.comment], [
      'CancelJob',
      'OPS',
      'stop',
    ]);
  });

  it('an empty stream is ResourceNotFound', () => {
    spec.given([]).when(cancel(false)).thenThrows('ResourceNotFound');
  });
});

describe('DeleteJobExecution', () => {
  it('deletes by number; the execution is gone for later commands', () => {
    const history = historyOf(queue(), update('SUCCEEDED'));
    spec
      .given(history)
      .when(remove(1, false, at(4)))
      .then([
        {
          type: 'JobExecutionDeleted',
          data: { ...base, versionNumber: 2, status: 'SUCCEEDED', at: at(4).toISOString(), actor: 'tester', force: false },
        },
      ]);
    const deleted = historyOf(queue(), update('SUCCEEDED'), remove(1, false));
    spec.given(deleted).when(update('IN_PROGRESS')).thenThrows('ResourceNotFound');
    spec.given(deleted).when(cancel(true)).thenThrows('ResourceNotFound');
    assert.deepEqual(stateOf(deleted).executions, []);
  });

  it('a wrong executionNumber is ResourceNotFound', () => {
    spec.given(historyIn('SUCCEEDED')).when(remove(2, true)).thenThrows('ResourceNotFound');
  });
});

describe("PurgeJobExecutions (DeleteJob's sweep)", () => {
  const purge: JobExecutionCommand = { type: 'PurgeJobExecutions', data: { actor: 'service', now: at(9) } };

  it('deletes every execution of the stream, IN_PROGRESS included, with force', () => {
    const events = spec
      .given(historyOf(queue(), leave(), queue(at(5), 'REQUEUE'), start({}, at(6))))
      .when(purge)
      .events();
    assert.deepEqual(
      events.map((event) => event.type === 'JobExecutionDeleted' && [event.data.executionNumber, event.data.status, event.data.force]),
      [
        [1, 'REMOVED', true],
        [2, 'IN_PROGRESS', true],
      ],
    );
  });

  it('is a no-op once nothing is left (a replayed sweep)', () => {
    spec.given(historyOf(queue(), purge)).when(purge).thenNothing();
    spec.given([]).when(purge).thenNothing();
  });
});

describe('evolve', () => {
  it('builds the view-ready execution from the events', () => {
    const commands: JobExecutionCommand[] = [
      queue(T0, 'ROLLOUT', { inProgressTimeoutInMinutes: 60 }),
      start({ statusDetails: { a: '1' }, stepTimeoutInMinutes: 5 }, at(1)),
    ];
    const execution = stateOf(historyOf(...commands)).executions[0]!;
    assert.equal(execution.status, 'IN_PROGRESS');
    assert.equal(execution.versionNumber, 2);
    assert.deepEqual(execution.statusDetails, { a: '1' });
    assert.deepEqual([execution.queuedAt, execution.startedAt, execution.lastUpdatedAt], [T0, at(1), at(1)]);
    assert.deepEqual([execution.inProgressTimeoutAt, execution.stepTimeoutAt, execution.timeoutAt], [at(61), at(6), at(6)]);
    const finished = stateOf(historyOf(...commands, update('SUCCEEDED', {}, at(3)))).executions[0]!;
    assert.equal(finished.timeoutAt, undefined, 'timers stop at a terminal status');
    assert.equal(finished.lastUpdatedAt.getTime(), at(3).getTime());
  });
});

describe('RemoveJobExecution (the thing left the targets, or was deleted)', () => {
  it('turns a QUEUED or IN_PROGRESS execution REMOVED at version + 1, keeping its details', () => {
    for (const status of ['QUEUED', 'IN_PROGRESS'] as const) {
      const history = historyIn(status);
      const [event] = spec
        .given(history)
        .when(leave(undefined, at(9)))
        .events();
      assert.equal(event?.type, 'JobExecutionRemoved');
      assert.equal(event.data.status, 'REMOVED');
      assert.equal(event.type === 'JobExecutionRemoved' && event.data.previousStatus, status);
      assert.equal(event.data.versionNumber, stateOf(history).executions[0]!.versionNumber + 1);
      assert.equal(event.type === 'JobExecutionRemoved' && event.data.reason, 'LEFT_TARGETS');
    }
  });

  it('is a no-op on a terminal execution, on no execution, and when a newer attempt than the one named is pending', () => {
    for (const status of ['SUCCEEDED', 'FAILED', 'REJECTED', 'TIMED_OUT', 'CANCELED', 'REMOVED'] as const) {
      spec.given(historyIn(status)).when(leave()).thenNothing();
    }
    spec.given([]).when(leave()).thenNothing();
    spec
      .given(historyOf(queue(), leave(), queue(at(5), 'REQUEUE')))
      .when(leave(1))
      .thenNothing();
  });

  it('stops the timers of an IN_PROGRESS execution, so the sweep never times it out', () => {
    const history = historyOf(queue(), start({ stepTimeoutInMinutes: 5 }), leave(undefined, at(3)));
    assert.equal(stateOf(history).executions[0]!.timeoutAt, undefined);
    spec
      .given(history)
      .when(timeOut(at(30)))
      .thenNothing();
  });
});
