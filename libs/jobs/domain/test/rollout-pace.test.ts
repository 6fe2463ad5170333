import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobDecider,
  nextRolloutAt,
  pacedAllowance,
  pacedWalkStart,
  processingTargets,
  rolloutAllowance,
  rolloutRatePerMinute,
  type JobCommand,
  type JobEvent,
  type JobExecutionsRolloutConfig,
  type JobState,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(jobDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const thing = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${name}`;
const group = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
const actor = 'admin';

const create = (jobExecutionsRolloutConfig: JobExecutionsRolloutConfig | undefined, targets = [thing('a'), group('g'), thing('b')]): JobCommand => ({
  type: 'CreateJob',
  data: { jobId: 'job-1', targets, document: '{}', actor, now: T0, ...(jobExecutionsRolloutConfig ? { jobExecutionsRolloutConfig } : {}) },
});
const advance = (
  queued: number,
  now: Date,
  position?: { index: number; after?: { groupName: string; thingName: string } },
  succeeded = 0,
): JobCommand => ({
  type: 'AdvanceJobRollout',
  data: { queued, done: false, actor: 'service', now, succeeded, ...(position ? { position } : {}) },
});
const stateOf = (events: readonly JobEvent[]): JobState => events.reduce(jobDecider.evolve, jobDecider.initialState());
const run = (...commands: JobCommand[]): JobEvent[] => {
  const events: JobEvent[] = [];
  for (const command of commands) events.push(...jobDecider.decide(command, stateOf(events)));
  return events;
};

describe('the rollout rate (exponential steps at cumulative multiples of the criteria)', () => {
  const example: JobExecutionsRolloutConfig = {
    exponentialRate: {
      baseRatePerMinute: 50,
      incrementFactor: 2,
      rateIncreaseCriteria: { numberOfNotifiedThings: 1000, numberOfSucceededThings: 1000 },
    },
  };
  const table: Array<[string, JobExecutionsRolloutConfig, number, number, number]> = [
    // name, config, notified, succeeded, rate
    ['no config: 1000', {}, 0, 0, 1000],
    ['maximumPerMinute alone', { maximumPerMinute: 30 }, 5000, 0, 30],
    ['the example starts at the base rate', example, 0, 0, 50],
    ['…and stays there up to 999 notified', example, 999, 0, 50],
    ['1000 notified: 100', example, 1000, 0, 100],
    ['1000 succeeded: 100 as well', example, 10, 1000, 100],
    ['2000 notified: 200', example, 2000, 0, 200],
    ['3000 notified: 400', example, 3000, 0, 400],
    ['the further criterion counts', example, 1000, 3500, 400],
    ['capped at 1000', example, 9000, 0, 1000],
    ['capped at maximumPerMinute', { ...example, maximumPerMinute: 150 }, 2000, 0, 150],
    [
      'floored',
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 1.5, rateIncreaseCriteria: { numberOfNotifiedThings: 10 } } },
      10,
      0,
      15,
    ],
    [
      'floored at step 2',
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 1.5, rateIncreaseCriteria: { numberOfNotifiedThings: 10 } } },
      25,
      0,
      22,
    ],
    [
      'a decimal product is not floored one short',
      { exponentialRate: { baseRatePerMinute: 100, incrementFactor: 1.1, rateIncreaseCriteria: { numberOfNotifiedThings: 1 } } },
      2,
      0,
      121,
    ],
    [
      'succeeded does not count without its criterion',
      { exponentialRate: { baseRatePerMinute: 5, incrementFactor: 2, rateIncreaseCriteria: { numberOfNotifiedThings: 100 } } },
      0,
      500,
      5,
    ],
  ];
  for (const [name, config, notified, succeeded, rate] of table) {
    it(name, () => assert.equal(rolloutRatePerMinute(config, { notified, succeeded }), rate));
  }

  it('counts the notifications of the last 60 s only', () => {
    const batches = [
      { at: at(0).toISOString(), count: 20 },
      { at: at(30).toISOString(), count: 10 },
    ];
    assert.equal(rolloutAllowance(30, batches, at(45)), 0);
    assert.equal(rolloutAllowance(30, batches, at(60)), 20);
    assert.equal(rolloutAllowance(30, batches, at(90)), 30);
    assert.deepEqual(nextRolloutAt(30, batches, at(45)), at(60));
    assert.deepEqual(nextRolloutAt(10, batches, at(45)), at(90));
    assert.deepEqual(nextRolloutAt(31, batches, at(45)), at(45));
  });
});

describe('a paced rollout', () => {
  it('without a rollout config only groups roll out, as before', () => {
    assert.deepEqual(stateOf(run(create(undefined))).job!.rollout, { targets: [group('g')] });
  });

  it('with one, every target rolls out, in list order, and all of them are processing', () => {
    const job = stateOf(run(create({ maximumPerMinute: 2 }))).job!;
    assert.deepEqual(job.rollout?.targets, [thing('a'), group('g'), thing('b')]);
    assert.deepEqual(processingTargets(job), [thing('a'), group('g'), thing('b')]);
    assert.equal(pacedAllowance(job, 0, T0), 2);
  });

  it('records each chunk with when the next target may be notified, and the targets still processing', () => {
    const history = run(create({ maximumPerMinute: 2 }));
    spec
      .given(history)
      .when(advance(2, at(1), { index: 1, after: { groupName: 'g', thingName: 't1' } }))
      .then([
        {
          type: 'JobRolloutAdvanced',
          data: {
            jobId: 'job-1',
            status: 'IN_PROGRESS',
            queued: 2,
            done: false,
            position: { index: 1, after: { groupName: 'g', thingName: 't1' } },
            nextAt: at(61).toISOString(),
            processingTargets: [group('g'), thing('b')],
            at: at(1).toISOString(),
            actor: 'service',
          },
        },
      ]);
  });

  it('refuses a chunk larger than the window allows, and is quiet when nothing changes', () => {
    const history = run(create({ maximumPerMinute: 2 }), advance(2, at(1), { index: 1 }));
    assert.equal(pacedAllowance(stateOf(history).job!, 0, at(30)), 0);
    spec
      .given(history)
      .when(advance(1, at(30), { index: 2 }))
      .thenThrows('InvalidRequest');
    spec
      .given(history)
      .when(advance(0, at(30)))
      .thenNothing();
    assert.equal(pacedAllowance(stateOf(history).job!, 0, at(61)), 2);
  });

  it('steps the exponential rate with the notified count', () => {
    const config = { exponentialRate: { baseRatePerMinute: 2, incrementFactor: 2, rateIncreaseCriteria: { numberOfNotifiedThings: 2 } } };
    const history = run(create(config, [group('g')]), advance(2, at(0), { index: 0, after: { groupName: 'g', thingName: 't2' } }));
    const job = stateOf(history).job!;
    assert.equal(pacedAllowance(job, 0, at(59)), 2); // the rate is 4 now, 2 of them used
    assert.equal(pacedAllowance(job, 0, at(60)), 4);
  });

  it('the succeeded count raises the rate too', () => {
    const config = { exponentialRate: { baseRatePerMinute: 1, incrementFactor: 3, rateIncreaseCriteria: { numberOfSucceededThings: 1 } } };
    const job = stateOf(run(create(config, [group('g')]), advance(1, at(0), { index: 0, after: { groupName: 'g', thingName: 't1' } }))).job!;
    assert.equal(pacedAllowance(job, 0, at(1)), 0);
    assert.equal(pacedAllowance(job, 1, at(1)), 2);
  });

  it('a SNAPSHOT job does not complete while its paced rollout runs, and completes after', () => {
    const history = run(create({ maximumPerMinute: 5 }, [thing('a')]), advance(1, at(0), { index: 1 }));
    spec
      .given(history)
      .when({ type: 'CompleteJob', data: { executionStatuses: ['SUCCEEDED'], actor: 'service', now: at(2) } })
      .thenNothing();
    const done = run(create({ maximumPerMinute: 5 }, [thing('a')]), advance(1, at(0), { index: 1 }), {
      type: 'AdvanceJobRollout',
      data: { queued: 0, done: true, actor: 'service', now: at(1) },
    });
    assert.equal(stateOf(done).job!.rollout, undefined);
    assert.equal(
      spec
        .given(done)
        .when({ type: 'CompleteJob', data: { executionStatuses: ['SUCCEEDED'], actor: 'service', now: at(2) } })
        .events()[0]?.type,
      'JobCompleted',
    );
  });

  it('a canceled job ends its paced rollout at the next chunk, notifying no one', () => {
    const history = run(create({ maximumPerMinute: 5 }), { type: 'CancelJob', data: { force: false, actor, now: at(1) } });
    const [event] = spec
      .given(history)
      .when(advance(0, at(2)))
      .events();
    assert.equal(event?.type === 'JobRolloutAdvanced' && event.data.done, true);
  });

  it('UpdateJob changes the rate from the next computation', () => {
    const history = run(create({ maximumPerMinute: 2 }), advance(2, at(0), { index: 1 }), {
      type: 'UpdateJob',
      data: { jobExecutionsRolloutConfig: { maximumPerMinute: 5 }, actor, now: at(10) },
    });
    assert.equal(pacedAllowance(stateOf(history).job!, 0, at(10)), 3);
  });

  it('rejects configurations outside the documented ranges', () => {
    const bad: JobExecutionsRolloutConfig[] = [
      { maximumPerMinute: 0 },
      { maximumPerMinute: 1001 },
      { exponentialRate: { baseRatePerMinute: 1001, incrementFactor: 2, rateIncreaseCriteria: { numberOfNotifiedThings: 1 } } },
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 1.05, rateIncreaseCriteria: { numberOfNotifiedThings: 1 } } },
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 1.25, rateIncreaseCriteria: { numberOfNotifiedThings: 1 } } },
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 5.1, rateIncreaseCriteria: { numberOfNotifiedThings: 1 } } },
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 2, rateIncreaseCriteria: {} } },
      { exponentialRate: { baseRatePerMinute: 10, incrementFactor: 2, rateIncreaseCriteria: { numberOfSucceededThings: 0 } } },
    ];
    for (const config of bad) spec.given([]).when(create(config)).thenThrows('InvalidRequest');
    assert.equal(
      spec
        .given([])
        .when(
          create({
            maximumPerMinute: 1000,
            exponentialRate: { baseRatePerMinute: 1, incrementFactor: 4.9, rateIncreaseCriteria: { numberOfSucceededThings: 1 } },
          }),
        )
        .events().length,
      1,
    );
  });
});

describe('UpdateJob gives a rate to a job created without one (docs/aws-behaviour.md §19.6)', () => {
  const cursor = { groupName: 'g', thingName: 't3' };
  const unpacedChunk = (queued: number, now: Date, after?: { groupName: string; thingName: string }): JobCommand => ({
    type: 'AdvanceJobRollout',
    data: { queued, done: false, actor: 'service', now, ...(after ? { cursor: after } : {}) },
  });
  const update = (jobExecutionsRolloutConfig: JobExecutionsRolloutConfig, now = at(10)): JobCommand => ({
    type: 'UpdateJob',
    data: { jobExecutionsRolloutConfig, actor, now },
  });

  it('an unpaced group rollout still walking becomes paced from its cursor, for the groups it was walking', () => {
    const history = run(create(undefined, [thing('a'), group('g'), group('h')]), unpacedChunk(3, at(1), cursor), update({ maximumPerMinute: 2 }));
    const job = stateOf(history).job!;
    assert.deepEqual(job.rollout, {
      targets: [group('g'), group('h')],
      pace: { position: { index: 0 }, notified: 0, batches: [], unpacedUpTo: { cursor, targets: 2 } },
    });
    assert.deepEqual(processingTargets(job), [group('g'), group('h')]);
    assert.equal(pacedAllowance(job, 0, at(10)), 2);
    const pace = job.rollout!.pace!;
    assert.deepEqual(pacedWalkStart(pace, { index: 0 }), cursor, 'the first group resumes after the cursor');
    assert.deepEqual(pacedWalkStart(pace, { index: 1 }), cursor, 'so does the second: the merged walk had passed its members up to the cursor');
    const later = { groupName: 'g', thingName: 't5' };
    assert.deepEqual(pacedWalkStart(pace, { index: 0, after: later }), later);

    // The next chunk is held to the new rate and stores when the next target may be notified.
    spec
      .given(history)
      .when(advance(3, at(11), { index: 0, after: later }))
      .thenThrows('InvalidRequest');
    const [paced] = spec
      .given(history)
      .when(advance(2, at(11), { index: 0, after: later }))
      .events();
    assert.equal(paced?.type === 'JobRolloutAdvanced' && paced.data.nextAt, at(71).toISOString());
    const after = stateOf([...history, paced!]).job!.rollout!.pace!;
    assert.deepEqual(after.unpacedUpTo, { cursor, targets: 2 }, 'kept while the rollout runs');
    assert.equal(after.notified, 2, 'the exponential rate counts from the update');
  });

  it('an unpaced rollout that has not walked yet is paced from its first group', () => {
    const job = stateOf(run(create(undefined, [group('g')]), update({ maximumPerMinute: 4 }))).job!;
    assert.deepEqual(job.rollout, { targets: [group('g')], pace: { position: { index: 0 }, notified: 0, batches: [] } });
    assert.equal(pacedWalkStart(job.rollout!.pace!, { index: 0 }), undefined);
  });

  it('groups added to a CONTINUOUS job afterwards are walked from their start, at the pace', () => {
    const continuous: JobCommand = {
      type: 'CreateJob',
      data: { jobId: 'job-1', targets: [group('g')], document: '{}', targetSelection: 'CONTINUOUS', actor, now: T0 },
    };
    const history = run(continuous, unpacedChunk(3, at(1), cursor), update({ maximumPerMinute: 2 }), {
      type: 'AssociateTargetsWithJob',
      data: { targets: [group('k')], actor, now: at(20) },
    });
    const job = stateOf(history).job!;
    assert.deepEqual(job.rollout?.targets, [group('g'), group('k')]);
    assert.equal(pacedWalkStart(job.rollout!.pace!, { index: 1 }), undefined);
  });

  it('a job whose rollout is done only stores the config: nothing is left to pace', () => {
    const history = run(create(undefined, [thing('a'), thing('b')]), update({ maximumPerMinute: 1 }));
    const job = stateOf(history).job!;
    assert.deepEqual(job.jobExecutionsRolloutConfig, { maximumPerMinute: 1 });
    assert.equal(job.rollout, undefined);
    spec
      .given(history)
      .when(advance(0, at(20)))
      .thenNothing();
    const finished = run(create(undefined, [group('g')]), unpacedChunk(5, at(1)), {
      type: 'AdvanceJobRollout',
      data: { queued: 0, done: true, actor: 'service', now: at(2) },
    });
    const updated = [...finished, ...jobDecider.decide(update({ maximumPerMinute: 1 }), stateOf(finished))];
    assert.equal(stateOf(updated).job!.rollout, undefined);
    assert.deepEqual(stateOf(updated).job!.jobExecutionsRolloutConfig, { maximumPerMinute: 1 });
  });
});
