import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobExecutionDecider, retryAllowed, secondsBeforeTimedOut, type JobExecutionCommand, type JobExecutionsRetryConfig } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';
import { at, historyOf, leave, queue, start, stateOf, T0, timeOut, update } from './support/executions.js';

const spec = deciderSpec(jobExecutionDecider);

describe('TimeOutJobExecution (docs/aws-behaviour.md §7.7)', () => {
  const withTimers = historyOf(
    queue(T0, 'ROLLOUT', { inProgressTimeoutInMinutes: 30 }),
    start({ statusDetails: { a: '1' }, stepTimeoutInMinutes: 10 }, at(1)),
  );

  it('is quiet before the nearer deadline', () => {
    spec
      .given(withTimers)
      .when(timeOut(at(10)))
      .thenNothing();
  });

  it('times out on the step timer with the details unchanged', () => {
    spec
      .given(withTimers)
      .when(timeOut(at(11)))
      .then([
        {
          type: 'JobExecutionTimedOut',
          data: {
            jobId: 'job-1',
            thingName: 'thing-1',
            executionNumber: 1,
            versionNumber: 3,
            status: 'TIMED_OUT',
            at: at(11).toISOString(),
            actor: 'service',
            previousStatus: 'IN_PROGRESS',
            timer: 'STEP',
            deadline: at(11).toISOString(),
            statusDetails: { a: '1' },
          },
        },
      ]);
  });

  it('times out on the in-progress timer once the step timer is cleared', () => {
    const cleared = [...withTimers, ...jobExecutionDecider.decide(update('IN_PROGRESS', { stepTimeoutInMinutes: -1 }, at(5)), stateOf(withTimers))];
    spec
      .given(cleared)
      .when(timeOut(at(11)))
      .thenNothing();
    const [event] = spec
      .given(cleared)
      .when(timeOut(at(31)))
      .events();
    assert.equal(event?.type === 'JobExecutionTimedOut' && event.data.timer, 'IN_PROGRESS');
  });

  it('a timer for an older execution number is stale and changes nothing', () => {
    spec
      .given(withTimers)
      .when(timeOut(at(100), 2))
      .thenNothing();
  });

  it('reports whole seconds before the timeout', () => {
    const execution = stateOf(withTimers).executions[0]!;
    assert.equal(secondsBeforeTimedOut(execution, at(1)), 600);
  });
});

describe('RetryJobExecution (docs/aws-behaviour.md §7.8)', () => {
  const retry = (retryConfig: JobExecutionsRetryConfig, executionNumber: number, now = at(10)): JobExecutionCommand => ({
    type: 'RetryJobExecution',
    data: { retryConfig, executionNumber, actor: 'service', now },
  });
  const failedTwice = (config: JobExecutionsRetryConfig) => historyOf(queue(), update('FAILED'), retry(config, 1), update('FAILED'));

  it('queues the next attempt with executionNumber + 1, version 1 and retryAttempt + 1', () => {
    const config = { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 2 }] } as const;
    const [event] = spec
      .given(failedTwice(config))
      .when(retry(config, 2, at(20)))
      .events();
    assert.equal(event?.type, 'JobExecutionQueued');
    assert.deepEqual(
      event.type === 'JobExecutionQueued' && [event.data.executionNumber, event.data.versionNumber, event.data.retryAttempt, event.data.retryOf],
      [3, 1, 2, 'FAILED'],
    );
  });

  it('stops when the retries of that failure type are used up', () => {
    const config = { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] } as const;
    spec.given(failedTwice(config)).when(retry(config, 2)).thenNothing();
  });

  it('is idempotent: a retry of an attempt that is no longer the latest (a replayed reaction) changes nothing', () => {
    const config = { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 5 }] } as const;
    spec
      .given(historyOf(queue(), update('FAILED'), retry(config, 1)))
      .when(retry(config, 1))
      .thenNothing();
    spec.given(failedTwice(config)).when(retry(config, 1)).thenNothing();
  });

  it('never retries REJECTED, SUCCEEDED or a pending execution', () => {
    const config = { criteriaList: [{ failureType: 'ALL', numberOfRetries: 10 }] } as const;
    spec
      .given(historyOf(queue(), update('REJECTED')))
      .when(retry(config, 1))
      .thenNothing();
    spec
      .given(historyOf(queue(), update('SUCCEEDED')))
      .when(retry(config, 1))
      .thenNothing();
    spec.given(historyOf(queue())).when(retry(config, 1)).thenNothing();
  });

  it('a specific criterion wins over ALL; ALL limits both types together; 10 is the cap', () => {
    const mixed = {
      criteriaList: [
        { failureType: 'TIMED_OUT', numberOfRetries: 1 },
        { failureType: 'ALL', numberOfRetries: 3 },
      ],
    } as const;
    assert.equal(retryAllowed(mixed, 'TIMED_OUT', { FAILED: 0, TIMED_OUT: 1 }), false);
    assert.equal(retryAllowed(mixed, 'FAILED', { FAILED: 2, TIMED_OUT: 0 }), true);
    assert.equal(retryAllowed(mixed, 'FAILED', { FAILED: 2, TIMED_OUT: 1 }), false);
    assert.equal(retryAllowed({ criteriaList: [{ failureType: 'FAILED', numberOfRetries: 10 }] }, 'FAILED', { FAILED: 5, TIMED_OUT: 5 }), false);
  });

  it('a fresh requeue starts a new retry budget', () => {
    const config = { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] } as const;
    const history = historyOf(queue(), update('FAILED'), retry(config, 1), leave(2, at(20)), queue(at(30), 'REQUEUE'), update('FAILED', {}, at(31)));
    const [event] = spec
      .given(history)
      .when(retry(config, 3, at(40)))
      .events();
    assert.equal(event?.type === 'JobExecutionQueued' && event.data.retryAttempt, 1);
    assert.equal(event?.data.executionNumber, 4);
  });
});
