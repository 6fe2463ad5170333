import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jobDecider, parseScheduleTime, processingTargets, type JobCommand, type JobEvent, type JobState } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const thing = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${name}`;
const group = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
const actor = 'admin';

const create = (startTime: string | undefined, now = T0): JobCommand => ({
  type: 'CreateJob',
  data: {
    jobId: 'job-1',
    targets: [thing('a'), group('g')],
    document: '{}',
    actor,
    now,
    schedulingConfig: startTime === undefined ? {} : { startTime },
  },
});
const start = (now: Date): JobCommand => ({ type: 'StartScheduledJob', data: { actor: 'service', now } });
/** The status an event leaves the job in (JobDeleted has none). */
const statusOf = (event: JobEvent | undefined) => (event && 'status' in event.data ? event.data.status : undefined);
const stateOf = (events: readonly JobEvent[]): JobState => events.reduce(jobDecider.evolve, jobDecider.initialState());

describe('scheduled jobs: CreateJob with schedulingConfig.startTime', () => {
  const created = spec.given([]).when(create('2026-01-01T01:00')).events();

  it('is SCHEDULED, keeps the startTime as written and stores the instant it starts (UTC without an offset)', () => {
    assert.equal(created.length, 1);
    const event = created[0]!;
    assert.equal(event.type, 'JobCreated');
    if (event.type !== 'JobCreated') return;
    assert.equal(event.data.status, 'SCHEDULED');
    assert.deepEqual(event.data.schedulingConfig, { startTime: '2026-01-01T01:00' });
    assert.equal(event.data.startAt, '2026-01-01T01:00:00.000Z');
    const job = stateOf(created).job!;
    assert.equal(job.rollout, undefined, 'nothing rolls out before the start');
    assert.deepEqual(processingTargets(job), []);
  });

  it('without a startTime the job starts at once', () => {
    const [event] = spec.given([]).when(create(undefined)).events();
    assert.equal(statusOf(event), 'IN_PROGRESS');
    assert.equal(event?.type === 'JobCreated' && event.data.startAt, undefined);
  });

  it('a startTime less than 30 minutes or more than a year ahead is InvalidRequest', () => {
    spec.given([]).when(create('2026-01-01T00:29:59Z')).thenThrows('InvalidRequest');
    spec.given([]).when(create('2027-01-01T00:00:01Z')).thenThrows('InvalidRequest');
    spec.given([]).when(create('2025-12-31T23:00')).thenThrows('InvalidRequest');
    assert.equal(statusOf(spec.given([]).when(create('2026-01-01T00:30')).events()[0]), 'SCHEDULED', 'exactly 30 minutes is allowed');
    assert.equal(statusOf(spec.given([]).when(create('2027-01-01T00:00Z')).events()[0]), 'SCHEDULED', 'exactly 365 days is allowed');
  });

  it('a startTime that is no ISO date and time is InvalidRequest naming the member', () => {
    for (const bad of ['2026-01-01', '2026-01-01 01:00', '2026-02-30T01:00', '2026-01-01T24:00', '2026-01-01T01:00+0100', 'tomorrow', '1767229200']) {
      const error = spec.given([]).when(create(bad)).thenThrows('InvalidRequest');
      assert.match(error.message, /schedulingConfig\.startTime/, bad);
    }
  });

  it('reads seconds, fractions and offsets', () => {
    assert.equal(parseScheduleTime('t', '2026-03-01T10:15:30.5Z').toISOString(), '2026-03-01T10:15:30.500Z');
    assert.equal(parseScheduleTime('t', '2026-03-01T10:15+02:00').toISOString(), '2026-03-01T08:15:00.000Z');
    assert.equal(parseScheduleTime('t', '2026-03-01T10:15:00-05:30').toISOString(), '2026-03-01T15:45:00.000Z');
  });
});

describe('scheduled jobs: the start timer (StartScheduledJob)', () => {
  const created = spec.given([]).when(create('2026-01-01T01:00')).events();

  it('before startTime: nothing', () => {
    spec
      .given(created)
      .when(start(minutes(59)))
      .thenNothing();
  });

  it('at startTime: JobStarted, the job is IN_PROGRESS and its rollout begins (the groups)', () => {
    spec
      .given(created)
      .when(start(minutes(60)))
      .then([{ type: 'JobStarted', data: { jobId: 'job-1', status: 'IN_PROGRESS', at: minutes(60).toISOString(), actor: 'service' } }]);
    const started = [...created, ...jobDecider.decide(start(minutes(61)), stateOf(created))];
    const job = stateOf(started).job!;
    assert.equal(job.status, 'IN_PROGRESS');
    assert.deepEqual(processingTargets(job), [group('g')]);
  });

  it('a started, canceled or deleted job does not start (again)', () => {
    const started = [...created, ...jobDecider.decide(start(minutes(60)), stateOf(created))];
    spec
      .given(started)
      .when(start(minutes(61)))
      .thenNothing();
    const cancel: JobCommand = { type: 'CancelJob', data: { actor, now: minutes(10), force: false } };
    const canceled = [...created, ...jobDecider.decide(cancel, stateOf(created))];
    assert.equal(statusOf(canceled.at(-1)), 'CANCELED');
    spec
      .given(canceled)
      .when(start(minutes(60)))
      .thenNothing();
    spec
      .given([])
      .when(start(minutes(60)))
      .thenNothing();
  });

  it('DeleteJob without force is refused while SCHEDULED; with force it deletes', () => {
    const remove = (force: boolean): JobCommand => ({ type: 'DeleteJob', data: { actor, now: minutes(5), force, deletionsInProgress: 0 } });
    spec.given(created).when(remove(false)).thenThrows('InvalidStateTransition');
    assert.equal(spec.given(created).when(remove(true)).events()[0]?.type, 'JobDeletionStarted');
  });
});
