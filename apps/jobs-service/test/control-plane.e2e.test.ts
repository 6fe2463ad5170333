import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  CancelJobCommand,
  CancelJobExecutionCommand,
  CreateJobCommand,
  DeleteJobCommand,
  DeleteJobExecutionCommand,
  DescribeJobCommand,
  DescribeJobExecutionCommand,
  ListJobExecutionsForJobCommand,
  ListJobExecutionsForThingCommand,
  ListJobsCommand,
  paginateListJobExecutionsForJob,
} from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { OPERATOR, pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/** What reactions do (completion, job-wide sweeps) follows the command: poll for it with a deadline. */
function until<T>(probe: () => Promise<T | undefined>, description: string): Promise<T> {
  return pollUntil(probe, { description, timeoutMs: 15_000 });
}

/** The control-plane operations around CancelJobExecution, through `@aws-sdk/client-iot`. */
describe('control plane', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  async function createJob(things: string[], extra: Record<string, unknown> = {}) {
    const jobId = uniqueName('job');
    const created = await sut.cp.send(new CreateJobCommand({ jobId, targets: things.map(thingArn), document: '{"op":"update"}', ...extra }));
    return { jobId, created };
  }

  it('CreateJob queues one execution per thing and DescribeJob counts them', async () => {
    const things = [uniqueName('t'), uniqueName('t'), uniqueName('t')];
    const { jobId, created } = await createJob(things, { description: 'firmware 1.2' });
    assert.equal(created.jobId, jobId);
    assert.equal(created.jobArn, `arn:aws:iot:us-east-1:123456789012:job/${jobId}`);
    assert.equal(created.description, 'firmware 1.2');
    const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
    assert.equal(job?.status, 'IN_PROGRESS');
    assert.equal(job?.targetSelection, 'SNAPSHOT');
    assert.deepEqual(job?.targets, things.map(thingArn));
    assert.equal(job?.jobProcessDetails?.numberOfQueuedThings, 3);
    assert.ok(job?.createdAt instanceof Date);
    const execution = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: things[0]! }))).execution!;
    assert.equal(execution.status, 'QUEUED');
    assert.equal(execution.executionNumber, 1);
    assert.equal(execution.versionNumber, 1);
    assert.equal(execution.thingArn, thingArn(things[0]!));
    assert.ok(execution.queuedAt instanceof Date);
  });

  it('CreateJob refuses a duplicate jobId, an unknown thing group and an invalid document choice', async () => {
    const { jobId } = await createJob([uniqueName('t')]);
    const duplicate = await sdkError(sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn('x')], document: '{}' })));
    assert.equal(duplicate.name, 'ResourceAlreadyExistsException');
    assert.equal(duplicate.$metadata.httpStatusCode, 409);
    const group = await sdkError(
      sut.cp.send(new CreateJobCommand({ jobId: uniqueName('job'), targets: ['arn:aws:iot:us-east-1:123456789012:thinggroup/g'], document: '{}' })),
    );
    assert.equal(group.name, 'ResourceNotFoundException');
    assert.equal(group.$metadata.httpStatusCode, 404);
    assert.match(group.message, /group/i);
  });

  it('a SNAPSHOT job completes when its last execution ends', async () => {
    const [a, b] = [uniqueName('t'), uniqueName('t')];
    const { jobId } = await createJob([a, b]);
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: a, status: 'SUCCEEDED' }));
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'IN_PROGRESS');
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: b, status: 'FAILED' }));
    const job = await until(async () => {
      const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
      return job?.status === 'COMPLETED' ? job : undefined;
    }, 'the job completed');
    assert.ok(job?.completedAt instanceof Date);
    assert.equal(job?.jobProcessDetails?.numberOfSucceededThings, 1);
    assert.equal(job?.jobProcessDetails?.numberOfFailedThings, 1);
  });

  it('CancelJob cancels QUEUED executions and leaves IN_PROGRESS ones without force', async () => {
    const [queued, running] = [uniqueName('t'), uniqueName('t')];
    const { jobId } = await createJob([queued, running]);
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: running }));
    const canceled = await sut.cp.send(new CancelJobCommand({ jobId, reasonCode: 'OPERATOR_STOP', comment: 'stop' }));
    assert.equal(canceled.jobId, jobId);
    const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
    assert.equal(job?.status, 'CANCELED', 'the job is canceled at once');
    assert.equal(job?.forceCanceled, false);
    assert.equal(job?.reasonCode, 'OPERATOR_STOP');
    const statusOf = async (thingName: string) => (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution?.status;
    await until(async () => ((await statusOf(queued)) === 'CANCELED' ? true : undefined), 'the QUEUED execution canceled');
    await until(
      async () => ((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.isConcurrent === false ? true : undefined),
      'the sweep done',
    );
    assert.equal(await statusOf(running), 'IN_PROGRESS', 'without force an IN_PROGRESS execution is left alone');
    await sut.cp.send(new CancelJobCommand({ jobId, force: true }));
    await until(async () => ((await statusOf(running)) === 'CANCELED' ? true : undefined), 'the IN_PROGRESS execution force-canceled');
    const execution = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: running }))).execution;
    assert.equal(execution?.forceCanceled, true);
  });

  it('DeleteJobExecution removes a terminal execution, refuses IN_PROGRESS without force and a wrong number', async () => {
    const thing = uniqueName('t');
    const { jobId } = await createJob([thing]);
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: thing }));
    const inProgress = await sdkError(sut.cp.send(new DeleteJobExecutionCommand({ jobId, thingName: thing, executionNumber: 1 })));
    assert.equal(inProgress.name, 'InvalidStateTransitionException');
    const wrongNumber = await sdkError(sut.cp.send(new DeleteJobExecutionCommand({ jobId, thingName: thing, executionNumber: 99, force: true })));
    assert.equal(wrongNumber.name, 'ResourceNotFoundException');
    await sut.cp.send(new DeleteJobExecutionCommand({ jobId, thingName: thing, executionNumber: 1, force: true }));
    const gone = await sdkError(sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: thing })));
    assert.equal(gone.name, 'ResourceNotFoundException');
  });

  it('DeleteJob refuses an IN_PROGRESS job without force, then deletes it and its executions', async () => {
    const thing = uniqueName('t');
    const { jobId } = await createJob([thing]);
    const refused = await sdkError(sut.cp.send(new DeleteJobCommand({ jobId })));
    assert.equal(refused.name, 'InvalidStateTransitionException');
    await sut.cp.send(new DeleteJobCommand({ jobId, force: true }));
    const deleting = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job;
    assert.deepEqual([deleting?.status, deleting?.isConcurrent], ['DELETION_IN_PROGRESS', true]);
    await until(async () => {
      const error = await sdkError(sut.cp.send(new DescribeJobCommand({ jobId }))).catch(() => undefined);
      return error?.name === 'ResourceNotFoundException' ? true : undefined;
    }, 'the job deleted');
    assert.equal((await sdkError(sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName: thing })))).name, 'ResourceNotFoundException');
  });

  it('pages through executions of a job with opaque tokens and no token on the last page', async () => {
    const things = Array.from({ length: 7 }, () => uniqueName('p'));
    const { jobId } = await createJob(things);
    const first = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 3 }));
    assert.equal(first.executionSummaries?.length, 3);
    assert.ok(first.nextToken);
    const seen: string[] = [];
    for await (const page of paginateListJobExecutionsForJob({ client: sut.cp, pageSize: 3 }, { jobId })) {
      for (const summary of page.executionSummaries ?? []) {
        seen.push(summary.thingArn!);
        assert.equal(summary.jobExecutionSummary?.status, 'QUEUED');
        assert.equal(summary.jobExecutionSummary?.executionNumber, 1);
      }
    }
    assert.deepEqual(seen, things.map(thingArn));
    const last = await sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 250 }));
    assert.equal(last.nextToken, undefined);
    const bad = await sdkError(sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, maxResults: 251 })));
    assert.equal(bad.name, 'InvalidRequestException');
    const garbage = await sdkError(sut.cp.send(new ListJobExecutionsForJobCommand({ jobId, nextToken: 'not-a-token' })));
    assert.equal(garbage.name, 'InvalidRequestException');
    const unknown = await sdkError(sut.cp.send(new ListJobExecutionsForJobCommand({ jobId: 'no-such-job' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
  });

  it("lists a thing's executions, filtered by status and job", async () => {
    const thing = uniqueName('t');
    const one = await createJob([thing]);
    const two = await createJob([thing]);
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: thing }));
    const all = await sut.cp.send(new ListJobExecutionsForThingCommand({ thingName: thing }));
    assert.deepEqual(
      all.executionSummaries?.map((s) => s.jobId),
      [one.jobId, two.jobId],
    );
    const inProgress = await sut.cp.send(new ListJobExecutionsForThingCommand({ thingName: thing, status: 'IN_PROGRESS' }));
    assert.deepEqual(
      inProgress.executionSummaries?.map((s) => s.jobId),
      [one.jobId],
    );
    const ofJob = await sut.cp.send(new ListJobExecutionsForThingCommand({ thingName: thing, jobId: two.jobId }));
    assert.deepEqual(
      ofJob.executionSummaries?.map((s) => s.jobExecutionSummary?.status),
      ['QUEUED'],
    );
  });

  it('lists jobs page by page, filtered by status', async () => {
    const created = [await createJob([uniqueName('t')]), await createJob([uniqueName('t')])];
    await sut.cp.send(new CancelJobCommand({ jobId: created[0]!.jobId }));
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sut.cp.send(new ListJobsCommand({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }));
      ids.push(...(page.jobs ?? []).map((j) => j.jobId!));
      nextToken = page.nextToken;
    } while (nextToken);
    for (const { jobId } of created) assert.ok(ids.includes(jobId));
    const canceled = await sut.cp.send(new ListJobsCommand({ status: 'CANCELED', maxResults: 250 }));
    assert.ok(canceled.jobs?.some((j) => j.jobId === created[0]!.jobId));
    assert.ok(!canceled.jobs?.some((j) => j.jobId === created[1]!.jobId));
  });
});

describe('control plane: completion of a large job', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    // An operator allowed the burst of 16 concurrent cancellers.
    const operator = { ...OPERATOR, role: 'operator', throttle: { ratePerSecond: 10_000, burst: 10_000 } };
    sut = await startServiceUnderTest({ env: { AUTH_PRINCIPALS: JSON.stringify([operator]) } });
  });
  after(() => sut.stop());

  it('a SNAPSHOT job completes when 16 concurrent cancellers end its 300 executions', async () => {
    // The job-progress reaction sees the endings in commit order, in batches: whichever batch holds
    // the last ending finds nothing pending and completes the job.
    const things = Array.from({ length: 300 }, () => uniqueName('t'));
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: things.map(thingArn), document: '{"op":"update"}' }));
    const queue = [...things];
    const canceller = async () => {
      for (let thingName = queue.pop(); thingName !== undefined; thingName = queue.pop()) {
        await sut.cp.send(new CancelJobExecutionCommand({ jobId, thingName }));
      }
    };
    await Promise.all(Array.from({ length: 16 }, canceller));
    const job = await until(async () => {
      const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
      return job?.status === 'COMPLETED' ? job : undefined;
    }, 'the job completed');
    assert.equal(job?.jobProcessDetails?.numberOfCanceledThings, 300);
  });
});
