import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssociateTargetsWithJobCommand, SERVICE_ACTOR, UpdateJobCommand } from '#jobs/application';
import { cancelJob, createJob, executionStream, jobStream, OPERATOR } from './support/messages.js';
import { addToGroups, createGroup, createThing, thingGroupArn } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const thing = (arn: string) => `arn:aws:iot:eu-west-1:123456789012:thing/${arn}`;

/**
 * Group `fleet` holds thing-1 and thing-2, its child group `fleet-eu` thing-3 and thing-4, and the
 * group `beta` (another hierarchy) thing-3 too.
 */
async function registry(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }), createGroup('beta'));
  for (const name of ['thing-1', 'thing-2', 'thing-3', 'thing-4']) await app.given(createThing(name));
  await app.given(
    addToGroups('thing-1', 'fleet'),
    addToGroups('thing-2', 'fleet'),
    addToGroups('thing-3', 'fleet-eu', 'beta'),
    addToGroups('thing-4', 'fleet-eu'),
  );
  return app;
}

/** The (stream, type) of each appended event, and for queued executions the reason. */
const summary = (events: ReadonlyArray<{ streamId: string; type: string; data: object }>) =>
  events.map(({ streamId, type, data }) => {
    const d = data as { reason?: string; queued?: number; done?: boolean };
    return type === 'JobRolloutAdvanced' ? `${streamId} ${type} queued=${d.queued} done=${d.done}` : `${streamId} ${type}`;
  });

const associate = (jobId: string, targets: string[], comment?: string) =>
  new AssociateTargetsWithJobCommand({ jobId, targets, actor: OPERATOR, ...(comment !== undefined ? { comment } : {}) });

describe('JobRolloutReaction: unpaced group rollout', () => {
  it('queues the members of the group and its subgroups in chunks, each thing once, then closes the rollout', async () => {
    const app = await registry();
    const since = app.store.position();
    await app.given(createJob('job-1', [], { targets: [thingGroupArn('fleet'), thingGroupArn('beta')] }));
    const outcome = await app.whenReacting(app.rollout, since);
    // Members in (group, thing) order: (beta, 3) (fleet, 1) | (fleet, 2) (fleet-eu, 3) | (fleet-eu, 4).
    outcome.thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: { queued: 2, done: false, cursor: { groupName: 'fleet', thingName: 'thing-1' }, actor: SERVICE_ACTOR },
      },
      {
        streamId: executionStream('job-1', 'thing-3'),
        type: 'JobExecutionQueued',
        data: { thingArn: thing('thing-3'), at: T0.toISOString(), actor: SERVICE_ACTOR },
      },
      { streamId: executionStream('job-1', 'thing-1'), type: 'JobExecutionQueued', data: { thingArn: thing('thing-1') } },
      // thing-3, reached again through fleet-eu, already has its execution.
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: { queued: 1, done: false, cursor: { groupName: 'fleet-eu', thingName: 'thing-3' } },
      },
      { streamId: executionStream('job-1', 'thing-2'), type: 'JobExecutionQueued', data: {} },
      { streamId: jobStream('job-1'), type: 'JobRolloutAdvanced', data: { queued: 1, done: true, cursor: undefined } },
      { streamId: executionStream('job-1', 'thing-4'), type: 'JobExecutionQueued', data: {} },
    ]);
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.isConcurrent, false);
    assert.deepEqual(job?.jobProcessDetails.processingTargets, undefined);
    assert.equal(job?.jobProcessDetails.numberOfQueuedThings, 4);
    // At-least-once delivery: the whole batch again (its own JobRolloutAdvanced events too) changes nothing.
    (await app.whenReacting(app.rollout, since)).thenNothingAppended();
  });

  it('UpdateJob with a rate mid-walk: the rest is paced from the cursor, no member walked twice (§19.6)', async () => {
    const app = await registry();
    await app.given(createJob('job-1', [], { targets: [thingGroupArn('fleet'), thingGroupArn('beta')] }));
    // One unpaced chunk by hand: (beta, 3) (fleet, 1) queued, the walk stands after (fleet, thing-1).
    await app.whenRunning(() => app.rollout.nextChunk('job-1', 2));
    const since = app.store.position();
    await app.given(new UpdateJobCommand({ jobId: 'job-1', jobExecutionsRolloutConfig: { maximumPerMinute: 1 }, actor: OPERATOR }));
    (await app.whenReacting(app.rollout, since)).thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobRolloutAdvanced',
        data: { queued: 1, done: false, position: { index: 0, after: { groupName: 'fleet', thingName: 'thing-2' } } },
      },
      { streamId: executionStream('job-1', 'thing-2'), type: 'JobExecutionQueued', data: {} },
    ]);
    app.clock.set(new Date(T0.getTime() + 60_000));
    // (fleet-eu, 3) has its execution and is passed over; thing-4 is the minute's one.
    const outcome = await app.whenRunning(() => app.rolloutTimers.sweep());
    assert.deepEqual(
      outcome
        .events()
        .map((event) => (event.type === 'JobExecutionQueued' ? event.streamId : `${event.type} queued=${(event.data as { queued: number }).queued}`)),
      ['JobRolloutAdvanced queued=0', 'JobRolloutAdvanced queued=1', executionStream('job-1', 'thing-4')],
    );
    // beta's only member precedes the cursor, so the unpaced walk queued it: the next window closes the rollout.
    app.clock.set(new Date(T0.getTime() + 120_000));
    (await app.whenRunning(() => app.rolloutTimers.sweep())).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobRolloutAdvanced', data: { queued: 0, done: true } },
    ]);
    const job = await app.readModel.findJob('job-1');
    assert.equal(job?.jobProcessDetails.processingTargets, undefined);
    assert.equal(job?.jobProcessDetails.numberOfQueuedThings, 4);
  });

  it('a job canceled before its rollout ran closes the rollout and queues nothing', async () => {
    const app = await registry();
    const since = app.store.position();
    await app.given(createJob('job-1', [], { targets: [thingGroupArn('fleet')] }), cancelJob('job-1'));
    (await app.whenReacting(app.rollout, since)).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobRolloutAdvanced', data: { status: 'CANCELED', queued: 0, done: true } },
    ]);
    assert.equal((await app.readModel.findJob('job-1'))?.jobProcessDetails.numberOfQueuedThings, 0);
  });

  it('lost race: another instance commits the same chunk first; this one reads again and goes on after it', async () => {
    const app = await registry();
    const since = app.store.position();
    await app.given(createJob('job-1', [], { targets: [thingGroupArn('fleet')] }));
    const other = app.elsewhere();
    app.store.interfere(() => other.rollout.nextChunk('job-1', 2));
    const outcome = await app.whenReacting(app.rollout, since);
    assert.deepEqual(summary(outcome.events()), [
      `${jobStream('job-1')} JobRolloutAdvanced queued=2 done=false`,
      `${executionStream('job-1', 'thing-1')} JobExecutionQueued`,
      `${executionStream('job-1', 'thing-2')} JobExecutionQueued`,
      `${jobStream('job-1')} JobRolloutAdvanced queued=2 done=false`,
      `${executionStream('job-1', 'thing-3')} JobExecutionQueued`,
      `${executionStream('job-1', 'thing-4')} JobExecutionQueued`,
      `${jobStream('job-1')} JobRolloutAdvanced queued=0 done=true`,
    ]);
    assert.equal(app.store.interferencesLeft(), 0);
  });
});

describe('AssociateTargetsWithJob', () => {
  it('adds things and queues them in the same write; targets already there are left out', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'], { targetSelection: 'CONTINUOUS', description: 'ota' }));
    const outcome = await app.when(associate('job-1', [thing('thing-a'), thing('thing-b'), thing('thing-b')], 'more'));
    const result = outcome.thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobTargetsAssociated', data: { targets: [thing('thing-b')], comment: 'more', actor: OPERATOR } },
      { streamId: executionStream('job-1', 'thing-b'), type: 'JobExecutionQueued', data: { thingArn: thing('thing-b'), executionNumber: 1 } },
    ]);
    assert.deepEqual(result, { jobArn: 'arn:aws:iot:eu-west-1:123456789012:job/job-1', jobId: 'job-1', description: 'ota' });
    assert.deepEqual((await app.readModel.findJob('job-1'))?.targets, [thing('thing-a'), thing('thing-b')]);
  });

  it('an added group joins the rollout, which queues its members', async () => {
    const app = await registry();
    await app.given(createJob('job-1', ['thing-1'], { targetSelection: 'CONTINUOUS' }));
    const since = app.store.position();
    (await app.when(associate('job-1', [thingGroupArn('fleet-eu')]))).thenAppendedMatching([
      { streamId: jobStream('job-1'), type: 'JobTargetsAssociated', data: { targets: [thingGroupArn('fleet-eu')] } },
    ]);
    assert.deepEqual((await app.readModel.findJob('job-1'))?.jobProcessDetails.processingTargets, [thingGroupArn('fleet-eu')]);
    const rolled = await app.whenReacting(app.rollout, since);
    assert.deepEqual(summary(rolled.events()), [
      `${jobStream('job-1')} JobRolloutAdvanced queued=2 done=false`,
      `${executionStream('job-1', 'thing-3')} JobExecutionQueued`,
      `${executionStream('job-1', 'thing-4')} JobExecutionQueued`,
      `${jobStream('job-1')} JobRolloutAdvanced queued=0 done=true`,
    ]);
  });

  it('refuses a SNAPSHOT job, an unknown job and an unknown group, writing nothing', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a']), createJob('job-2', ['thing-a'], { targetSelection: 'CONTINUOUS' }));
    (await app.when(associate('job-1', [thing('thing-b')]))).thenFails('InvalidRequest');
    (await app.when(associate('no-such-job', [thing('thing-b')]))).thenFails('ResourceNotFound');
    (await app.when(associate('job-2', [thingGroupArn('no-such-group')]))).thenFails('ResourceNotFound');
    (await app.when(associate('job-2', ['arn:aws:iot:us-east-1:123456789012:thing/elsewhere']))).thenFails('InvalidRequest');
  });

  it('lost race: a cancel committed between its read and its write makes it read again and refuse', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'], { targetSelection: 'CONTINUOUS' }));
    app.store.interfere(() => app.send(cancelJob('job-1')));
    const outcome = await app.when(associate('job-1', [thing('thing-b')]));
    outcome.thenFailsAfterOthersWrote('InvalidRequest');
    assert.deepEqual(
      outcome.events().map((event) => event.type),
      ['JobCanceled'],
    );
    assert.equal(await app.readModel.findExecution({ jobId: 'job-1', thingName: 'thing-b' }), undefined);
  });
});
