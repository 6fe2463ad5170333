import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DescribeJobQuery, ListJobsQuery, type JobView } from '#jobs/application';
import { jobProcessDetails } from '#jobs/domain';
import { cancelJob, createJob, deleteJob, DOCUMENT, minutesAfter, startNext, thingArn, updateExecution } from './support/messages.js';
import { createGroup, thingGroupArn } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const describeJob = (jobId: string) => new DescribeJobQuery({ jobId });
const listJobs = (input: Partial<ListJobsQuery['input']> = {}) => new ListJobsQuery({ maxResults: 50, ...input });
const ids = (jobs: readonly JobView[]) => jobs.map((job) => job.jobId);

describe('DescribeJob', () => {
  it('describes the job with one counter per status of its things’ latest executions', async () => {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a', 'thing-b', 'thing-c'], { description: 'rollout', timeoutConfig: { inProgressTimeoutInMinutes: 60 } }),
    );
    const T1 = minutesAfter(T0, 2);
    app.clock.set(T1);
    await app.given(startNext('thing-a'), startNext('thing-b'), updateExecution('job-1', 'thing-b', 'FAILED'));
    const job = (await app.when(describeJob('job-1'))).thenNothingAppended();
    assert.deepEqual(job, {
      jobId: 'job-1',
      jobArn: 'arn:aws:iot:eu-west-1:123456789012:job/job-1',
      status: 'IN_PROGRESS',
      targetSelection: 'SNAPSHOT',
      targets: [thingArn('thing-a'), thingArn('thing-b'), thingArn('thing-c')],
      document: DOCUMENT,
      description: 'rollout',
      forceCanceled: false,
      isConcurrent: false,
      timeoutConfig: { inProgressTimeoutInMinutes: 60 },
      createdAt: T0,
      lastUpdatedAt: T0,
      jobProcessDetails: jobProcessDetails(['IN_PROGRESS', 'FAILED', 'QUEUED']),
    });
  });

  it('shows job-wide work under way (isConcurrent) from CancelJob until the sweep has canceled the executions', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a', 'thing-b']), startNext('thing-a'));
    const canceledAt = app.store.position();
    await app.given(cancelJob('job-1', { reasonCode: 'STOP' }));
    const during = (await app.when(describeJob('job-1'))).result;
    assert.deepEqual([during.status, during.isConcurrent, during.reasonCode], ['CANCELED', true, 'STOP']);
    await app.givenReacted(app.jobWideWork, canceledAt);
    const after = (await app.when(describeJob('job-1'))).result;
    assert.equal(after.isConcurrent, false, 'the IN_PROGRESS execution is not the plain cancel’s to wait for');
    assert.deepEqual(after.jobProcessDetails, jobProcessDetails(['IN_PROGRESS', 'CANCELED']));
  });

  it('shows a deletion as work under way, and the job as gone once it finished', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a']), deleteJob('job-1', true));
    assert.deepEqual((await app.when(describeJob('job-1'))).result.isConcurrent, true);
    await app.givenReacted(app.jobWideWork, 0);
    (await app.when(describeJob('job-1'))).thenFails('ResourceNotFound');
  });

  it('answers ResourceNotFound for an unknown job', async () => {
    (await new UseCaseApp().when(describeJob('no-such-job'))).thenFails('ResourceNotFound');
  });
});

describe('ListJobs', () => {
  async function threeJobs(): Promise<UseCaseApp> {
    const app = new UseCaseApp();
    await app.given(
      createJob('job-1', ['thing-a']),
      createJob('job-2', ['thing-a'], { targetSelection: 'CONTINUOUS' }),
      createJob('job-3', ['thing-b']),
      cancelJob('job-3'),
    );
    return app;
  }

  it('lists jobs in creation order, filtered by status and target selection', async () => {
    const app = await threeJobs();
    assert.deepEqual(ids((await app.when(listJobs())).thenNothingAppended().items), ['job-1', 'job-2', 'job-3']);
    assert.deepEqual(ids((await app.when(listJobs({ status: 'IN_PROGRESS' }))).result.items), ['job-1', 'job-2']);
    assert.deepEqual(ids((await app.when(listJobs({ status: 'CANCELED' }))).result.items), ['job-3']);
    assert.deepEqual(ids((await app.when(listJobs({ targetSelection: 'CONTINUOUS' }))).result.items), ['job-2']);
    assert.deepEqual((await app.when(listJobs({ status: 'COMPLETED' }))).result, { items: [] });
  });

  it('pages with an opaque cursor, the last page without one', async () => {
    const app = await threeJobs();
    const first = (await app.when(listJobs({ maxResults: 2 }))).result;
    assert.deepEqual(ids(first.items), ['job-1', 'job-2']);
    assert.ok(first.nextCursor);
    const second = (await app.when(listJobs({ maxResults: 2, cursor: first.nextCursor }))).result;
    assert.deepEqual(ids(second.items), ['job-3']);
    assert.equal(second.nextCursor, undefined);
  });

  it('a page does not shift when a job listed before the cursor is deleted meanwhile', async () => {
    const app = await threeJobs();
    const first = (await app.when(listJobs({ maxResults: 1 }))).result;
    await app.given(deleteJob('job-1', true));
    await app.givenReacted(app.jobWideWork, 0);
    const second = (await app.when(listJobs({ maxResults: 1, cursor: first.nextCursor }))).result;
    assert.deepEqual(ids(second.items), ['job-2']);
  });
});

describe('ListJobs by thing group (docs/aws-behaviour.md §15.5)', () => {
  async function jobsOnGroups() {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }), createGroup('beta'));
    await app.given(
      createJob('job-fleet', [], { targets: [thingGroupArn('fleet')] }),
      createJob('job-eu', [], { targets: [thingGroupArn('fleet-eu')] }),
      createJob('job-things', ['thing-a']),
    );
    const idOf = async (name: string) => (await app.registry.findGroup(name))!.thingGroupId;
    return { app, fleetId: await idOf('fleet'), betaId: await idOf('beta') };
  }

  it('by thingGroupId as by thingGroupName: the jobs that target the group directly, with the group id', async () => {
    const { app, fleetId } = await jobsOnGroups();
    const byId = (await app.when(listJobs({ thingGroupId: fleetId }))).thenNothingAppended();
    assert.deepEqual([ids(byId.items), byId.thingGroupId], [['job-fleet'], fleetId]);
    const byName = (await app.when(listJobs({ thingGroupName: 'fleet' }))).thenNothingAppended();
    assert.deepEqual([ids(byName.items), byName.thingGroupId], [['job-fleet'], fleetId]);
    const both = (await app.when(listJobs({ thingGroupName: 'fleet', thingGroupId: fleetId }))).thenNothingAppended();
    assert.deepEqual(ids(both.items), ['job-fleet']);
    const unfiltered = (await app.when(listJobs())).thenNothingAppended();
    assert.equal(unfiltered.thingGroupId, undefined);
  });

  it('an unknown id or name is ResourceNotFound; a name and an id of two different groups is InvalidRequest', async () => {
    const { app, fleetId, betaId } = await jobsOnGroups();
    (await app.when(listJobs({ thingGroupId: 'no-such-id' }))).thenFails('ResourceNotFound');
    (await app.when(listJobs({ thingGroupName: 'no-such-group', thingGroupId: fleetId }))).thenFails('ResourceNotFound');
    const error = (await app.when(listJobs({ thingGroupName: 'fleet', thingGroupId: betaId }))).thenFails('InvalidRequest');
    assert.match(error.message, /name different thing groups/);
  });
});
