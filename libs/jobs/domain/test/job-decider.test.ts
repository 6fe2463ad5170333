import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobDecider,
  jobProcessDetails,
  JOB_EXECUTION_STATUSES,
  planExecutionCancellations,
  type JobCommand,
  type JobEvent,
  type JobExecutionStatus,
  type JobState,
  type TargetSelection,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T01:00:00.000Z');
const arn = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${name}`;
const actor = 'admin';

type CreateJobData = Extract<JobCommand, { type: 'CreateJob' }>['data'];
const createData: CreateJobData = { jobId: 'job-1', targets: [arn('a'), arn('b'), arn('a')], document: '{"op":"x"}', actor, now: T0 };
const createWith = (data: Partial<CreateJobData>): JobCommand => ({ type: 'CreateJob', data: { ...createData, ...data } });
const create = (targetSelection?: TargetSelection): JobCommand => createWith(targetSelection ? { targetSelection } : {});
const cancelJob = (force: boolean, extra: { reasonCode?: string; comment?: string } = {}): JobCommand => ({
  type: 'CancelJob',
  data: { force, actor, now: T1, ...extra },
});
const complete = (executionStatuses: JobExecutionStatus[]): JobCommand => ({
  type: 'CompleteJob',
  data: { executionStatuses, actor: 'service', now: T1 },
});
const deleteJob = (force: boolean, deletionsInProgress = 0): JobCommand => ({
  type: 'DeleteJob',
  data: { force, deletionsInProgress, actor, now: T1 },
});
const finishDeletion: JobCommand = { type: 'FinishJobDeletion', data: { actor: 'service', now: T1 } };

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

const created = historyOf(create());

describe('CreateJob', () => {
  it('creates an IN_PROGRESS SNAPSHOT job with deduplicated targets', () => {
    spec
      .given([])
      .when(create())
      .then([
        {
          type: 'JobCreated',
          data: {
            jobId: 'job-1',
            status: 'IN_PROGRESS',
            at: T0.toISOString(),
            actor,
            targets: [arn('a'), arn('b')],
            targetSelection: 'SNAPSHOT',
            document: '{"op":"x"}',
          },
        },
      ]);
  });

  it('an existing jobId is ResourceAlreadyExists, until the job is deleted', () => {
    const error = spec.given(created).when(create()).thenThrows('ResourceAlreadyExists');
    assert.equal(error.details['resourceId'], 'job-1');
    const deleted = historyOf(create(), cancelJob(false), deleteJob(false), finishDeletion);
    assert.equal(spec.given(deleted).when(create()).events()[0]?.type, 'JobCreated');
  });

  it('refuses bad ARNs (a thing-group ARN with a bad name too), no document or two documents', () => {
    spec
      .given([])
      .when(createWith({ targets: ['arn:aws:iot:eu-west-1:123456789012:thinggroup/g/h'] }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(createWith({ targets: ['thing-a'] }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(createWith({ targets: [] }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(createWith({ document: undefined }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(createWith({ documentSource: 'https://s3/x' }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(
        createWith({
          jobExecutionsRetryConfig: {
            criteriaList: [
              { failureType: 'FAILED', numberOfRetries: 6 },
              { failureType: 'ALL', numberOfRetries: 5 },
            ],
          },
        }),
      )
      .thenThrows('InvalidRequest');
  });

  it('evolves to a job whose targets are the ARNs given, with no group rollout for thing targets', () => {
    const job = created.reduce(jobDecider.evolve, jobDecider.initialState()).job!;
    assert.deepEqual(
      job.targets.map((target) => target.split('/').at(-1)),
      ['a', 'b'],
    );
    assert.equal(job.rollout, undefined);
    assert.equal(job.status, 'IN_PROGRESS');
  });
});

describe('CancelJob (docs/aws-behaviour.md §6.4)', () => {
  it('cancels an IN_PROGRESS job with force, reason code and comment', () => {
    spec
      .given(created)
      .when(cancelJob(true, { reasonCode: 'BAD_BUILD', comment: 'oops' }))
      .then([
        {
          type: 'JobCanceled',
          data: {
            jobId: 'job-1',
            status: 'CANCELED',
            previousStatus: 'IN_PROGRESS',
            at: T1.toISOString(),
            actor,
            force: true,
            reasonCode: 'BAD_BUILD',
            comment: 'oops',
          },
        },
      ]);
  });

  it('a repeat is a no-op, except force after a plain cancel (to sweep IN_PROGRESS executions)', () => {
    const canceled = historyOf(create(), cancelJob(false));
    spec.given(canceled).when(cancelJob(false)).thenNothing();
    assert.equal(spec.given(canceled).when(cancelJob(true)).events()[0]?.type, 'JobCanceled');
    spec
      .given(historyOf(create(), cancelJob(true)))
      .when(cancelJob(true))
      .thenNothing();
  });

  it('a COMPLETED or deleting job cannot be canceled; a missing one is ResourceNotFound', () => {
    spec
      .given(historyOf(create(), complete(['SUCCEEDED', 'FAILED'])))
      .when(cancelJob(true))
      .thenThrows('InvalidRequest');
    spec
      .given(historyOf(create(), deleteJob(true)))
      .when(cancelJob(false))
      .thenThrows('InvalidRequest');
    spec.given([]).when(cancelJob(false)).thenThrows('ResourceNotFound');
  });

  it('plans which executions to cancel: QUEUED always, IN_PROGRESS only with force, terminal never', () => {
    const executions = JOB_EXECUTION_STATUSES.map((status, index) => ({ jobId: 'job-1', thingName: `t${index}`, executionNumber: 1, status }));
    const planned = (force: boolean) =>
      planExecutionCancellations({ force, actor, now: T1 }, executions).map((plan) => executions.find((e) => e.thingName === plan.thingName)!.status);
    assert.deepEqual(planned(false), ['QUEUED']);
    assert.deepEqual(planned(true), ['QUEUED', 'IN_PROGRESS']);
    const [plan] = planExecutionCancellations({ force: true, reasonCode: 'R', actor, now: T1 }, executions);
    assert.deepEqual(plan?.command, { type: 'CancelJobExecution', data: { force: true, origin: 'CancelJob', actor, now: T1, reasonCode: 'R' } });
  });
});

describe('CompleteJob (docs/aws-behaviour.md §7.6)', () => {
  it('completes a SNAPSHOT job when every execution is terminal', () => {
    spec
      .given(created)
      .when(complete(['SUCCEEDED', 'CANCELED']))
      .then([{ type: 'JobCompleted', data: { jobId: 'job-1', status: 'COMPLETED', at: T1.toISOString(), actor: 'service' } }]);
    const job = historyOf(create(), complete(['SUCCEEDED'])).reduce(jobDecider.evolve, jobDecider.initialState()).job!;
    assert.deepEqual(job.completedAt, T1);
  });

  it('stays IN_PROGRESS while an execution is pending, with no executions, or for CONTINUOUS jobs', () => {
    spec
      .given(created)
      .when(complete(['SUCCEEDED', 'IN_PROGRESS']))
      .thenNothing();
    spec.given(created).when(complete([])).thenNothing();
    spec
      .given(historyOf(create('CONTINUOUS')))
      .when(complete(['SUCCEEDED']))
      .thenNothing();
    spec
      .given(historyOf(create(), cancelJob(false)))
      .when(complete(['CANCELED']))
      .thenNothing();
  });
});

describe('DeleteJob (docs/aws-behaviour.md §7.5)', () => {
  it('an IN_PROGRESS job needs force', () => {
    spec.given(created).when(deleteJob(false)).thenThrows('InvalidStateTransition');
    spec
      .given(created)
      .when(deleteJob(true))
      .then([
        {
          type: 'JobDeletionStarted',
          data: { jobId: 'job-1', status: 'DELETION_IN_PROGRESS', previousStatus: 'IN_PROGRESS', at: T1.toISOString(), actor, force: true },
        },
      ]);
  });

  it('a COMPLETED or CANCELED job is deleted without force', () => {
    assert.equal(
      spec
        .given(historyOf(create(), complete(['SUCCEEDED'])))
        .when(deleteJob(false))
        .events()[0]?.type,
      'JobDeletionStarted',
    );
    assert.equal(
      spec
        .given(historyOf(create(), cancelJob(false)))
        .when(deleteJob(false))
        .events()[0]?.type,
      'JobDeletionStarted',
    );
  });

  it('a job already being deleted refuses another delete; finishing removes it', () => {
    const deleting = historyOf(create(), deleteJob(true));
    spec.given(deleting).when(deleteJob(true)).thenThrows('InvalidStateTransition');
    spec
      .given(deleting)
      .when(finishDeletion)
      .then([{ type: 'JobDeleted', data: { jobId: 'job-1', at: T1.toISOString(), actor: 'service' } }]);
    const gone = historyOf(create(), deleteJob(true), finishDeletion);
    spec.given(gone).when(deleteJob(true)).thenThrows('ResourceNotFound');
    spec.given(gone).when(finishDeletion).thenNothing();
    spec.given(created).when(finishDeletion).thenThrows('InvalidStateTransition');
  });

  it('at most 10 deletions may be in progress at once: the eleventh is LimitExceeded and changes nothing', () => {
    spec.given(created).when(deleteJob(true, 10)).thenThrows('LimitExceeded');
    assert.equal(spec.given(created).when(deleteJob(true, 9)).events()[0]?.type, 'JobDeletionStarted');
  });
});

describe('jobProcessDetails', () => {
  it('counts one per status, all eight counters present', () => {
    assert.deepEqual(jobProcessDetails(['QUEUED', 'QUEUED', 'IN_PROGRESS', 'SUCCEEDED', 'TIMED_OUT', 'CANCELED', 'CANCELED', 'CANCELED']), {
      numberOfCanceledThings: 3,
      numberOfSucceededThings: 1,
      numberOfFailedThings: 0,
      numberOfRejectedThings: 0,
      numberOfQueuedThings: 2,
      numberOfInProgressThings: 1,
      numberOfRemovedThings: 0,
      numberOfTimedOutThings: 1,
    });
  });

  it('the counters add up to the number of statuses given', () => {
    const statuses = JOB_EXECUTION_STATUSES.flatMap((status, index) => Array<JobExecutionStatus>(index + 1).fill(status));
    const total = Object.values(jobProcessDetails(statuses)).reduce((sum, count) => sum + count, 0);
    assert.equal(total, statuses.length);
  });
});

describe('group targets: the rollout and AssociateTargetsWithJob', () => {
  const groupArn = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
  const withGroups = (targetSelection: TargetSelection) => historyOf(createWith({ targets: [arn('a'), groupArn('g')], targetSelection }));
  const advance = (done: boolean, cursor?: { groupName: string; thingName: string }): JobCommand => ({
    type: 'AdvanceJobRollout',
    data: { queued: 10, done, actor: 'service', now: T1, ...(cursor ? { cursor } : {}) },
  });
  const associate = (targets: string[]): JobCommand => ({ type: 'AssociateTargetsWithJob', data: { targets, actor, now: T1 } });
  const stateOf = (events: JobEvent[]) => events.reduce(jobDecider.evolve, jobDecider.initialState());

  it('a job with group targets is rolling them out until the last chunk; it cannot complete meanwhile', () => {
    const history = withGroups('SNAPSHOT');
    assert.deepEqual(stateOf(history).job!.rollout, { targets: [groupArn('g')] });
    spec
      .given(history)
      .when(complete(['SUCCEEDED']))
      .thenNothing();
    const moved = [...history, ...jobDecider.decide(advance(false, { groupName: 'g', thingName: 't9' }), stateOf(history))];
    assert.deepEqual(stateOf(moved).job!.rollout?.cursor, { groupName: 'g', thingName: 't9' });
    const done = [...moved, ...jobDecider.decide(advance(true), stateOf(moved))];
    assert.equal(stateOf(done).job!.rollout, undefined);
    assert.equal(
      spec
        .given(done)
        .when(complete(['SUCCEEDED']))
        .events()[0]?.type,
      'JobCompleted',
    );
    spec.given(done).when(advance(true)).thenNothing();
  });

  it('a canceled job rolls out no further: the next chunk ends the rollout', () => {
    const history = historyOf(createWith({ targets: [groupArn('g')] }), cancelJob(false));
    const [event] = spec
      .given(history)
      .when(advance(false, { groupName: 'g', thingName: 't' }))
      .events();
    assert.equal(event?.type === 'JobRolloutAdvanced' && event.data.done, true);
  });

  it('AssociateTargetsWithJob adds new targets to a CONTINUOUS job in progress and rolls out added groups', () => {
    const history = withGroups('CONTINUOUS');
    const [event] = spec
      .given(history)
      .when(associate([groupArn('g'), groupArn('h'), arn('z')]))
      .events();
    assert.deepEqual(event?.type === 'JobTargetsAssociated' && event.data.targets, [groupArn('h'), arn('z')]);
    const job = stateOf([...history, event!]).job!;
    assert.deepEqual(job.targets, [arn('a'), groupArn('g'), groupArn('h'), arn('z')]);
    assert.deepEqual(job.rollout?.targets, [groupArn('g'), groupArn('h')]);
  });

  it('AssociateTargetsWithJob: SNAPSHOT or finished jobs are InvalidRequest, beyond 100 targets LimitExceeded, a missing job ResourceNotFound', () => {
    spec
      .given(withGroups('SNAPSHOT'))
      .when(associate([groupArn('h')]))
      .thenThrows('InvalidRequest');
    spec
      .given(historyOf(createWith({ targets: [groupArn('g')], targetSelection: 'CONTINUOUS' }), cancelJob(false)))
      .when(associate([groupArn('h')]))
      .thenThrows('InvalidRequest');
    const many = Array.from({ length: 99 }, (_, i) => groupArn(`g${i}`));
    spec.given(withGroups('CONTINUOUS')).when(associate(many)).thenThrows('LimitExceeded');
    spec
      .given([])
      .when(associate([groupArn('h')]))
      .thenThrows('ResourceNotFound');
  });
});
