import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  isJobComplete,
  jobDecider,
  processingTargets,
  scheduledEnd,
  type EndBehavior,
  type JobCommand,
  type JobEvent,
  type JobState,
  type SchedulingConfig,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const days = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const iso = (at: Date) => at.toISOString();
const thing = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${name}`;
const group = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
const actor = 'admin';

const create = (schedulingConfig: SchedulingConfig, extra: Partial<Extract<JobCommand, { type: 'CreateJob' }>['data']> = {}): JobCommand => ({
  type: 'CreateJob',
  data: { jobId: 'job-1', targets: [thing('a'), group('g')], document: '{}', actor, now: T0, schedulingConfig, ...extra },
});
const end = (now: Date): JobCommand => ({ type: 'EndScheduledJob', data: { actor: 'service', now } });
const start = (now: Date): JobCommand => ({ type: 'StartScheduledJob', data: { actor: 'service', now } });
const stateOf = (events: readonly JobEvent[]): JobState => events.reduce(jobDecider.evolve, jobDecider.initialState());
/** The history after each command in turn, decided on the state so far. */
const run = (...commands: JobCommand[]): JobEvent[] => {
  const history: JobEvent[] = [];
  for (const command of commands) history.push(...jobDecider.decide(command, stateOf(history)));
  return history;
};
const createdEvent = (events: readonly JobEvent[]) => {
  const event = events[0];
  assert.equal(event?.type, 'JobCreated');
  return event.type === 'JobCreated' ? event.data : assert.fail('no JobCreated');
};

describe('scheduled end: CreateJob with schedulingConfig.endTime and endBehavior', () => {
  it('stores endAt (UTC) and keeps the config as written; without startTime the job starts at once', () => {
    const config = { endTime: '2026-01-01T02:00+01:00', endBehavior: 'CANCEL' } as const;
    const created = createdEvent(spec.given([]).when(create(config)).events());
    assert.equal(created.status, 'IN_PROGRESS');
    assert.equal(created.endAt, '2026-01-01T01:00:00.000Z');
    assert.equal(created.startAt, undefined);
    assert.deepEqual(created.schedulingConfig, config);
  });

  it('endBehavior without endTime is accepted, kept and has no timer', () => {
    const created = createdEvent(
      spec
        .given([])
        .when(create({ endBehavior: 'FORCE_CANCEL' }))
        .events(),
    );
    assert.deepEqual(created.schedulingConfig, { endBehavior: 'FORCE_CANCEL' });
    assert.equal(created.endAt, undefined);
    spec
      .given([{ type: 'JobCreated', data: created }])
      .when(end(days(800)))
      .thenNothing();
  });

  it('endTime must lie 30 minutes to 730 days from now, both ends included', () => {
    for (const bad of [iso(minutes(29)), '2025-12-31T23:00', iso(new Date(days(730).getTime() + 1000))]) {
      const error = spec
        .given([])
        .when(create({ endTime: bad }))
        .thenThrows('InvalidRequest');
      assert.match(error.message, /schedulingConfig\.endTime/, bad);
    }
    assert.equal(
      createdEvent(
        spec
          .given([])
          .when(create({ endTime: iso(minutes(30)) }))
          .events(),
      ).endAt,
      iso(minutes(30)),
    );
    assert.equal(
      createdEvent(
        spec
          .given([])
          .when(create({ endTime: iso(days(730)) }))
          .events(),
      ).endAt,
      iso(days(730)),
    );
  });

  it('with a startTime, endTime must lie 30 minutes to 730 days after it', () => {
    const startTime = iso(minutes(60));
    for (const bad of [iso(minutes(89)), iso(minutes(60)), iso(minutes(45))]) {
      const error = spec
        .given([])
        .when(create({ startTime, endTime: bad }))
        .thenThrows('InvalidRequest');
      assert.match(error.message, /schedulingConfig\.endTime must be between 30 minutes and 730 days after schedulingConfig\.startTime/, bad);
    }
    const created = createdEvent(
      spec
        .given([])
        .when(create({ startTime, endTime: iso(minutes(90)) }))
        .events(),
    );
    assert.equal(created.status, 'SCHEDULED');
    assert.equal(created.endAt, iso(minutes(90)));
    // A start never lies before now, so "730 days after the start" never binds before "730 days from now" does.
    assert.equal(
      createdEvent(
        spec
          .given([])
          .when(create({ startTime: iso(days(365)), endTime: iso(days(730)) }))
          .events(),
      ).endAt,
      iso(days(730)),
    );
  });

  it('a malformed endTime or an unknown endBehavior is InvalidRequest naming the member', () => {
    for (const bad of ['2026-01-01 02:00', '2026-02-30T01:00', 'tomorrow']) {
      assert.match(
        spec
          .given([])
          .when(create({ endTime: bad }))
          .thenThrows('InvalidRequest').message,
        /schedulingConfig\.endTime/,
        bad,
      );
    }
    const error = spec
      .given([])
      .when(create({ endTime: iso(minutes(60)), endBehavior: 'PAUSE' as EndBehavior }))
      .thenThrows('InvalidRequest');
    assert.match(error.message, /schedulingConfig\.endBehavior must be one of STOP_ROLLOUT, CANCEL, FORCE_CANCEL/);
  });

  it('scheduledEnd is usable on its own (undefined without endTime)', () => {
    assert.equal(scheduledEnd(undefined, T0), undefined);
    assert.equal(scheduledEnd({ startTime: iso(minutes(40)) }, T0), undefined);
    assert.equal(scheduledEnd({ endTime: '2026-01-01T01:00' }, T0)?.toISOString(), '2026-01-01T01:00:00.000Z');
  });
});

describe('scheduled end: the end timer (EndScheduledJob)', () => {
  const endTime = '2026-01-01T01:00';
  const at = minutes(60);
  const created = (endBehavior?: EndBehavior) => run(create({ endTime, ...(endBehavior ? { endBehavior } : {}) }));

  it('before endTime: nothing', () => {
    spec
      .given(created('CANCEL'))
      .when(end(minutes(59)))
      .thenNothing();
  });

  it('STOP_ROLLOUT: JobRolloutStopped; the rollout is gone (no processingTargets) and the job stays IN_PROGRESS', () => {
    const history = created('STOP_ROLLOUT');
    assert.deepEqual(processingTargets(stateOf(history).job!), [group('g')], 'the group is rolling out before the end');
    spec
      .given(history)
      .when(end(at))
      .then([
        {
          type: 'JobRolloutStopped',
          data: { jobId: 'job-1', status: 'IN_PROGRESS', at: iso(at), actor: 'service', endTime, endBehavior: 'STOP_ROLLOUT' },
        },
      ]);
    const job = stateOf(run(create({ endTime, endBehavior: 'STOP_ROLLOUT' }), end(at))).job!;
    assert.equal(job.status, 'IN_PROGRESS');
    assert.equal(job.rollout, undefined);
    assert.deepEqual(processingTargets(job), []);
    assert.equal(job.rolloutStoppedAt?.toISOString(), iso(at));
  });

  it('no endBehavior is STOP_ROLLOUT', () => {
    const [event] = spec.given(created()).when(end(at)).events();
    assert.equal(event?.type, 'JobRolloutStopped');
  });

  it('CANCEL and FORCE_CANCEL: the JobCanceled of CancelJob without and with force, reasonCode SCHEDULED_END, by the service', () => {
    for (const [behavior, force] of [
      ['CANCEL', false],
      ['FORCE_CANCEL', true],
    ] as const) {
      spec
        .given(created(behavior))
        .when(end(minutes(61)))
        .then([
          {
            type: 'JobCanceled',
            data: {
              jobId: 'job-1',
              status: 'CANCELED',
              previousStatus: 'IN_PROGRESS',
              at: iso(minutes(61)),
              actor: 'service',
              force,
              reasonCode: 'SCHEDULED_END',
              comment: `schedulingConfig.endTime ${endTime} was reached; endBehavior ${behavior}`,
            },
          },
        ]);
    }
  });

  it('a second firing is no event, for each behaviour', () => {
    for (const behavior of ['STOP_ROLLOUT', 'CANCEL', 'FORCE_CANCEL'] as const) {
      spec
        .given(run(create({ endTime, endBehavior: behavior }), end(at)))
        .when(end(minutes(61)))
        .thenNothing();
    }
  });

  it('a job canceled, completed or deleted before its end: no event', () => {
    const cancel: JobCommand = { type: 'CancelJob', data: { actor, now: minutes(10), force: false } };
    spec
      .given(run(create({ endTime, endBehavior: 'FORCE_CANCEL' }), cancel))
      .when(end(at))
      .thenNothing();
    const complete: JobCommand = { type: 'CompleteJob', data: { actor: 'service', now: minutes(10), executionStatuses: ['SUCCEEDED'] } };
    const completed = run(create({ endTime }, { targets: [thing('a')] }), complete);
    assert.equal(stateOf(completed).job?.status, 'COMPLETED');
    spec.given(completed).when(end(at)).thenNothing();
    const remove: JobCommand = { type: 'DeleteJob', data: { actor, now: minutes(10), force: true, deletionsInProgress: 0 } };
    const finish: JobCommand = { type: 'FinishJobDeletion', data: { actor: 'service', now: minutes(11) } };
    spec
      .given(run(create({ endTime, endBehavior: 'CANCEL' }), remove, finish))
      .when(end(at))
      .thenNothing();
  });

  it('a job still SCHEDULED does not end before it starts; once started, its due end fires', () => {
    const history = run(create({ startTime: iso(minutes(60)), endTime: iso(minutes(90)), endBehavior: 'CANCEL' }));
    spec
      .given(history)
      .when(end(minutes(120)))
      .thenNothing();
    const started = run(create({ startTime: iso(minutes(60)), endTime: iso(minutes(90)), endBehavior: 'CANCEL' }), start(minutes(120)));
    assert.equal(stateOf(started).job?.status, 'IN_PROGRESS');
    assert.equal(
      spec
        .given(started)
        .when(end(minutes(120)))
        .events()[0]?.type,
      'JobCanceled',
    );
  });
});

describe('scheduled end: after STOP_ROLLOUT', () => {
  const stopped = (targetSelection: 'SNAPSHOT' | 'CONTINUOUS') =>
    stateOf(run(create({ endTime: '2026-01-01T01:00' }, { targetSelection }), end(minutes(60)))).job!;

  it('a SNAPSHOT or CONTINUOUS job completes once nothing is pending, even with no execution at all', () => {
    for (const selection of ['SNAPSHOT', 'CONTINUOUS'] as const) {
      const job = stopped(selection);
      assert.equal(isJobComplete(job, ['SUCCEEDED', 'CANCELED']), true, selection);
      assert.equal(isJobComplete(job, []), true, `${selection} with no executions`);
      assert.equal(isJobComplete(job, ['SUCCEEDED', 'IN_PROGRESS']), false, `${selection} with one running`);
    }
    const running = stateOf(run(create({ endTime: '2026-01-01T01:00' }, { targetSelection: 'CONTINUOUS' }))).job!;
    assert.equal(isJobComplete({ ...running, rollout: undefined }, ['SUCCEEDED']), false, 'a CONTINUOUS job not stopped never completes');
  });

  it('AssociateTargetsWithJob is InvalidRequest: a new target would get no execution', () => {
    const history = run(create({ endTime: '2026-01-01T01:00' }, { targetSelection: 'CONTINUOUS' }), end(minutes(60)));
    const associate: JobCommand = { type: 'AssociateTargetsWithJob', data: { actor, now: minutes(61), targets: [thing('b')] } };
    assert.match(spec.given(history).when(associate).thenThrows('InvalidRequest').message, /stopped at its schedulingConfig\.endTime/);
  });

  it('the rollout advances no further: a late chunk is no event', () => {
    const history = run(create({ endTime: '2026-01-01T01:00' }), end(minutes(60)));
    spec
      .given(history)
      .when({ type: 'AdvanceJobRollout', data: { actor: 'service', now: minutes(61), queued: 3, done: false } })
      .thenNothing();
  });

  it('CancelJob still cancels a stopped job', () => {
    const history = run(create({ endTime: '2026-01-01T01:00' }), end(minutes(60)));
    const [event] = spec
      .given(history)
      .when({ type: 'CancelJob', data: { actor, now: minutes(61), force: true } })
      .events();
    assert.equal(event?.type, 'JobCanceled');
  });
});
