import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobDecider,
  pacedAllowance,
  processingTargets,
  type JobCommand,
  type JobEvent,
  type JobExecutionsRolloutConfig,
  type JobState,
  type WindowAt,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

/** A paced chunk inside and outside maintenance windows (docs/aws-behaviour.md §21.5). */
const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-12-07T01:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);
const thing = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${name}`;
const group = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
const maintenanceWindows = [{ startTime: 'cron(0 2 * * ? *)', durationInMinutes: 60 }];
const opens = minutes(60); // 02:00
const closes = minutes(120); // 03:00
const tomorrow = minutes(24 * 60 + 60);

const create = (rollout?: JobExecutionsRolloutConfig, targets = [thing('a'), group('g'), thing('b')]): JobCommand => ({
  type: 'CreateJob',
  data: {
    jobId: 'job-1',
    targets,
    document: '{}',
    actor: 'admin',
    now: T0,
    schedulingConfig: { maintenanceWindows },
    ...(rollout ? { jobExecutionsRolloutConfig: rollout } : {}),
  },
});
const advance = (queued: number, now: Date, window: WindowAt | undefined, position?: { index: number }): JobCommand => ({
  type: 'AdvanceJobRollout',
  data: { queued, done: false, actor: 'service', now, succeeded: 0, ...(window ? { window } : {}), ...(position ? { position } : {}) },
});
const stateOf = (events: readonly JobEvent[]): JobState => events.reduce(jobDecider.evolve, jobDecider.initialState());
const run = (...commands: JobCommand[]): JobEvent[] => {
  const events: JobEvent[] = [];
  for (const command of commands) events.push(...jobDecider.decide(command, stateOf(events)));
  return events;
};
const rolloutAdvanced = (events: JobEvent[]) => {
  assert.equal(events.length, 1);
  assert.equal(events[0]!.type, 'JobRolloutAdvanced');
  return (events[0] as Extract<JobEvent, { type: 'JobRolloutAdvanced' }>).data;
};

describe('a job with maintenance windows', () => {
  it('is paced over every target, direct things included, even without a rollout config', () => {
    const job = stateOf(run(create())).job!;
    assert.deepEqual(processingTargets(job), [thing('a'), group('g'), thing('b')]);
    // No rate inside a window: the chunk size is the only limit.
    assert.equal(pacedAllowance(job, 0, opens), Number.POSITIVE_INFINITY);
  });

  it('outside a window notifies nobody and stores the next window start as nextAt', () => {
    const history = run(create());
    const data = rolloutAdvanced(
      spec
        .given(history)
        .when(advance(0, T0, { open: false, opensAt: opens }))
        .events(),
    );
    assert.equal(data.queued, 0);
    assert.equal(data.nextAt, opens.toISOString());
    assert.equal(data.position?.index, 0);
    spec
      .given(history)
      .when(advance(1, T0, { open: false, opensAt: opens }, { index: 1 }))
      .thenThrows('InvalidRequest');
  });

  it('a repeated firing outside the window stores nothing more', () => {
    const history = run(create(), advance(0, T0, { open: false, opensAt: opens }));
    spec
      .given(history)
      .when(advance(0, minutes(10), { open: false, opensAt: opens }))
      .thenNothing();
  });

  it('inside a window without a rate queues a whole chunk and comes back at once', () => {
    const history = run(create(), advance(0, T0, { open: false, opensAt: opens }));
    const data = rolloutAdvanced(
      spec
        .given(history)
        .when(advance(2, opens, { open: true, closesAt: closes }, { index: 2 }))
        .events(),
    );
    assert.equal(data.queued, 2);
    assert.equal(data.nextAt, opens.toISOString());
    assert.deepEqual(data.processingTargets, [thing('b')]);
  });

  it('inside a window the rate applies, and the next chunk is due no later than the close', () => {
    const history = run(create({ maximumPerMinute: 2 }), advance(0, T0, { open: false, opensAt: opens }));
    const first = rolloutAdvanced(
      spec
        .given(history)
        .when(advance(2, opens, { open: true, closesAt: closes }, { index: 2 }))
        .events(),
    );
    assert.equal(first.nextAt, minutes(61).toISOString()); // the rate's minute
    spec
      .given(history)
      .when(advance(3, opens, { open: true, closesAt: closes }, { index: 3 }))
      .thenThrows('InvalidRequest');
    // Two minutes before the close, with the rate spent: the next chunk is due at the close, not after it.
    const late = run(create({ maximumPerMinute: 2 }), advance(2, minutes(119.5), { open: true, closesAt: closes }, { index: 2 }));
    assert.equal(rolloutAdvanced(late.slice(1)).nextAt, closes.toISOString());
  });

  it('at the close it pauses until the next window: a closed window notifies nobody', () => {
    const history = run(create({ maximumPerMinute: 2 }), advance(2, minutes(119.5), { open: true, closesAt: closes }, { index: 2 }));
    const paused = rolloutAdvanced(
      spec
        .given(history)
        .when(advance(0, closes, { open: false, opensAt: tomorrow }))
        .events(),
    );
    assert.equal(paused.nextAt, tomorrow.toISOString());
    assert.equal(paused.position?.index, 2);
    spec
      .given(history)
      .when(advance(1, closes, { open: false, opensAt: tomorrow }, { index: 3 }))
      .thenThrows('InvalidRequest');
  });

  it('window facts read before the close but decided after it count as closed', () => {
    const history = run(create());
    spec
      .given(history)
      .when(advance(1, closes, { open: true, closesAt: closes }, { index: 1 }))
      .thenThrows('InvalidRequest');
  });

  it('ends the rollout when no window will open again', () => {
    const history = run(create());
    const data = rolloutAdvanced(
      spec
        .given(history)
        .when(advance(0, T0, { open: false }))
        .events(),
    );
    assert.equal(data.done, true);
    assert.equal(
      stateOf([
        ...history,
        ...spec
          .given(history)
          .when(advance(0, T0, { open: false }))
          .events(),
      ]).job!.rollout,
      undefined,
    );
  });

  it('refuses a chunk that brings no window state', () => {
    spec
      .given(run(create()))
      .when(advance(0, T0, undefined))
      .thenThrows('InvalidRequest');
  });

  it('a scheduled job with windows is paced from its start', () => {
    const scheduled = run({
      type: 'CreateJob',
      data: {
        jobId: 'job-1',
        targets: [thing('a')],
        document: '{}',
        actor: 'admin',
        now: T0,
        schedulingConfig: { startTime: '2026-12-07T02:00', maintenanceWindows },
      },
    });
    assert.equal(stateOf(scheduled).job!.rollout, undefined);
    const events = [...scheduled, ...jobDecider.decide({ type: 'StartScheduledJob', data: { actor: 'service', now: opens } }, stateOf(scheduled))];
    assert.deepEqual(stateOf(events).job!.rollout?.pace?.position, { index: 0 });
  });
});
