import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobCommand, DescribeJobExecutionCommand, ListJobExecutionsForThingCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { ExecutionStreams, ExecutionTimeouts, JobProgress } from '#jobs/application';
import { startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

const MINUTE = 60_000;

/**
 * Service-side changes (docs/aws-behaviour.md §7.7, §7.8). The sweep is driven with an explicit clock so the test
 * needs no waiting: "now + 11 minutes" is passed in, exactly as the interval timer would see it.
 */
describe('timeouts and retries', () => {
  let sut: ServiceUnderTest;
  let timeouts: ExecutionTimeouts;
  before(async () => {
    sut = await startServiceUnderTest();
    timeouts = sut.service.app.get(ExecutionTimeouts);
  });
  after(() => sut.stop());

  it('times out an IN_PROGRESS execution after its in-progress timeout, bumping the version', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(
      new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}', timeoutConfig: { inProgressTimeoutInMinutes: 10 } }),
    );
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    assert.ok((started.execution?.approximateSecondsBeforeTimedOut ?? 0) > 590);
    assert.equal(await timeouts.sweep(new Date(Date.now() + 5 * MINUTE)), 0, 'not due yet');
    assert.equal(await timeouts.sweep(new Date(Date.now() + 11 * MINUTE)), 1);
    const execution = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution!;
    assert.equal(execution.status, 'TIMED_OUT');
    assert.equal(execution.versionNumber, 3);
    assert.equal(execution.approximateSecondsBeforeTimedOut, undefined);
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'COMPLETED');
  });

  it('times out on the step timer set by the device', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName, stepTimeoutInMinutes: 2 }));
    assert.equal(await timeouts.sweep(new Date(Date.now() + 3 * MINUTE)), 1);
    assert.equal((await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution?.status, 'TIMED_OUT');
  });

  it('queues a retry with the next executionNumber after FAILED, as the retry config allows', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: [thingArn(thingName)],
        document: '{}',
        jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] },
      }),
    );
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'FAILED' }));
    const retry = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution!;
    assert.equal(retry.status, 'QUEUED');
    assert.equal(retry.executionNumber, 2);
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'IN_PROGRESS');
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'FAILED' }));
    const history = await sut.cp.send(new ListJobExecutionsForThingCommand({ thingName, jobId }));
    assert.deepEqual(
      history.executionSummaries?.map((s) => [s.jobExecutionSummary?.executionNumber, s.jobExecutionSummary?.status, s.jobExecutionSummary?.retryAttempt]),
      [
        [1, 'FAILED', 0],
        [2, 'FAILED', 1],
      ],
    );
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'COMPLETED', 'retries used up');
  });
});

describe('missed job completion', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  it('is repaired by the sweep when the process died between an execution ending and the follow-up', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
    // End the execution the way a handler does, but without the follow-up, as a crash would leave it.
    await sut.service.app
      .get(ExecutionStreams)
      .execute(jobId, thingName, { type: 'UpdateJobExecution', data: { status: 'SUCCEEDED', actor: 'device', now: new Date() } });
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'IN_PROGRESS');
    const progress = sut.service.app.get(JobProgress);
    assert.equal(await progress.completeStalledJobs(), 1);
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status, 'COMPLETED');
    assert.equal(await progress.completeStalledJobs(), 0, 'nothing left to repair');
  });
});
