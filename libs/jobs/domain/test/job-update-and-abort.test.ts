import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ABORT_REASON_CODE, jobDecider, type AbortDetails, type JobCommand, type JobEvent, type JobState } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T01:00:00.000Z');
const actor = 'admin';
const abortConfig = {
  criteriaList: [{ failureType: 'FAILED' as const, action: 'CANCEL' as const, thresholdPercentage: 30, minNumberOfExecutedThings: 10 }],
};

const create: JobCommand = {
  type: 'CreateJob',
  data: {
    jobId: 'job-1',
    targets: ['arn:aws:iot:eu-west-1:123456789012:thing/a'],
    document: '{}',
    jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 2 }] },
    actor,
    now: T0,
  },
};
const update = (changes: Partial<Extract<JobCommand, { type: 'UpdateJob' }>['data']>): JobCommand => ({
  type: 'UpdateJob',
  data: { actor, now: T1, ...changes },
});
const abortedBy: AbortDetails = {
  failureType: 'FAILED',
  thresholdPercentage: 30,
  minNumberOfExecutedThings: 10,
  criterionIndex: 0,
  failures: 3,
  completed: 10,
  failurePercentage: 30,
};
const abort: JobCommand = { type: 'AbortJob', data: { abortedBy, actor: 'service', now: T1 } };

function historyOf(...commands: JobCommand[]): JobEvent[] {
  const events: JobEvent[] = [];
  let state: JobState = jobDecider.initialState();
  for (const command of commands) {
    for (const event of jobDecider.decide(command, state)) {
      events.push(event);
      state = jobDecider.evolve(state, event);
    }
  }
  return events;
}

const stateOf = (events: JobEvent[]): JobState => events.reduce(jobDecider.evolve, jobDecider.initialState());

describe('UpdateJob (docs/aws-behaviour.md §17)', () => {
  it('records only the members given, each replacing the stored value whole, and bumps lastUpdatedAt', () => {
    const events = spec
      .given(historyOf(create))
      .when(update({ description: 'v2', abortConfig, timeoutConfig: { inProgressTimeoutInMinutes: 5 } }))
      .events();
    assert.deepEqual(events, [
      {
        type: 'JobUpdated',
        data: {
          jobId: 'job-1',
          status: 'IN_PROGRESS',
          at: T1.toISOString(),
          actor,
          description: 'v2',
          timeoutConfig: { inProgressTimeoutInMinutes: 5 },
          abortConfig,
        },
      },
    ]);
    const job = stateOf([...historyOf(create), ...events]).job!;
    assert.equal(job.description, 'v2');
    assert.deepEqual(job.abortConfig, abortConfig);
    assert.deepEqual(job.timeoutConfig, { inProgressTimeoutInMinutes: 5 });
    assert.deepEqual(job.jobExecutionsRetryConfig, { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 2 }] }, 'absent member unchanged');
    assert.equal(job.lastUpdatedAt.toISOString(), T1.toISOString());
  });

  it('retries can be set to 0 and to nothing else', () => {
    const zero = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 0 }] };
    const [event] = spec
      .given(historyOf(create))
      .when(update({ jobExecutionsRetryConfig: zero }))
      .events();
    assert.deepEqual(stateOf([...historyOf(create), event!]).job?.jobExecutionsRetryConfig, zero);
    spec
      .given(historyOf(create))
      .when(update({ jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] } }))
      .thenThrows('InvalidRequest');
  });

  it('refuses a canceled or completed job (InvalidRequest), a missing one (ResourceNotFound) and a bad abortConfig', () => {
    const canceled = historyOf(create, { type: 'CancelJob', data: { force: false, actor, now: T1 } });
    spec
      .given(canceled)
      .when(update({ description: 'x' }))
      .thenThrows('InvalidRequest');
    const completed = historyOf(create, { type: 'CompleteJob', data: { executionStatuses: ['SUCCEEDED'], actor, now: T1 } });
    spec
      .given(completed)
      .when(update({ description: 'x' }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(update({ description: 'x' }))
      .thenThrows('ResourceNotFound');
    const twice = { criteriaList: [abortConfig.criteriaList[0]!, abortConfig.criteriaList[0]!] };
    spec
      .given(historyOf(create))
      .when(update({ abortConfig: twice }))
      .thenThrows('InvalidRequest');
  });
});

describe('AbortJob (docs/aws-behaviour.md §16)', () => {
  it('cancels an IN_PROGRESS job without force, with JOB_ABORTED and a comment naming the criterion', () => {
    const [event] = spec.given(historyOf(create)).when(abort).events();
    assert.equal(event?.type, 'JobAborted');
    assert.equal(ABORT_REASON_CODE, 'JOB_ABORTED');
    assert.deepEqual(
      { ...event!.data, comment: undefined },
      {
        jobId: 'job-1',
        status: 'CANCELED',
        previousStatus: 'IN_PROGRESS',
        at: T1.toISOString(),
        actor: 'service',
        force: false,
        reasonCode: 'JOB_ABORTED',
        comment: undefined,
        abortedBy,
      },
    );
    assert.match((event!.data as { comment: string }).comment, /criterion 1: FAILED executions reached 30% \(3 of 10 completed/);
    const job = stateOf([...historyOf(create), event!]).job!;
    assert.equal(job.status, 'CANCELED');
    assert.equal(job.forceCanceled, false);
    assert.equal(job.reasonCode, 'JOB_ABORTED');
  });

  it('is a no-op on a job no longer IN_PROGRESS (canceled by a user, completed, aborted already)', () => {
    spec
      .given(historyOf(create, { type: 'CancelJob', data: { force: false, actor, now: T1 } }))
      .when(abort)
      .thenNothing();
    spec.given(historyOf(create, abort)).when(abort).thenNothing();
    spec
      .given(historyOf(create, { type: 'CompleteJob', data: { executionStatuses: ['FAILED'], actor, now: T1 } }))
      .when(abort)
      .thenNothing();
    spec.given([]).when(abort).thenNothing();
  });

  it('CreateJob keeps the abortConfig and refuses an empty or invalid one', () => {
    const withAbort: JobCommand = { ...create, data: { ...create.data, abortConfig } } as JobCommand;
    assert.deepEqual(stateOf(historyOf(withAbort)).job?.abortConfig, abortConfig);
    const bad = { criteriaList: [{ ...abortConfig.criteriaList[0]!, thresholdPercentage: 101 }] };
    spec
      .given([])
      .when({ ...create, data: { ...create.data, abortConfig: bad } } as JobCommand)
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when({ ...create, data: { ...create.data, abortConfig: { criteriaList: [] } } } as JobCommand)
      .thenThrows('InvalidRequest');
  });
});
