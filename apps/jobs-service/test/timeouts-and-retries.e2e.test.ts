import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobCommand, DescribeJobExecutionCommand, ListJobExecutionsForThingCommand } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { ExecutionTimeouts } from '#jobs/application';
import { ManualClock, pollUntil, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/**
 * Service-side changes (docs/aws-behaviour.md §7.7, §7.8). The service runs on a clock the test
 * moves, and the sweep is called directly, so the test needs no waiting for timers. What follows
 * an ending (retry, completion) is a reaction on the stored events: the test polls for it.
 */
describe('timeouts and retries', () => {
  let sut: ServiceUnderTest;
  let timeouts: ExecutionTimeouts;
  const clock = new ManualClock();
  before(async () => {
    sut = await startServiceUnderTest({ clock });
    timeouts = sut.service.app.get(ExecutionTimeouts);
  });
  after(() => sut.stop());

  const jobStatus = async (jobId: string) => (await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.status;
  const untilJobStatus = (jobId: string, status: string) =>
    pollUntil(async () => ((await jobStatus(jobId)) === status ? true : undefined), { description: `job ${jobId} ${status}` });

  it('times out an IN_PROGRESS execution after its in-progress timeout, bumping the version', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(
      new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}', timeoutConfig: { inProgressTimeoutInMinutes: 10 } }),
    );
    assert.deepEqual((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.timeoutConfig, { inProgressTimeoutInMinutes: 10 });
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    assert.ok((started.execution?.approximateSecondsBeforeTimedOut ?? 0) > 590);
    clock.advanceMinutes(5);
    assert.equal(await timeouts.sweep(), 0, 'not due yet');
    clock.advanceMinutes(6);
    assert.equal(await timeouts.sweep(), 1);
    const execution = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution!;
    assert.equal(execution.status, 'TIMED_OUT');
    assert.equal(execution.versionNumber, 3);
    assert.equal(execution.approximateSecondsBeforeTimedOut, undefined);
    await untilJobStatus(jobId, 'COMPLETED');
  });

  it('times out on the step timer set by the device', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName, stepTimeoutInMinutes: 2 }));
    clock.advanceMinutes(3);
    assert.equal(await timeouts.sweep(), 1);
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
    assert.deepEqual((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.jobExecutionsRetryConfig, {
      criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }],
    });
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'FAILED' }));
    const retry = await pollUntil(
      async () => {
        const execution = (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution!;
        return execution.executionNumber === 2 ? execution : undefined;
      },
      { description: 'the retry queued' },
    );
    assert.equal(retry.status, 'QUEUED');
    assert.equal(await jobStatus(jobId), 'IN_PROGRESS');
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: 'FAILED' }));
    await untilJobStatus(jobId, 'COMPLETED');
    const history = await sut.cp.send(new ListJobExecutionsForThingCommand({ thingName, jobId }));
    assert.deepEqual(
      history.executionSummaries?.map((s) => [
        s.jobExecutionSummary?.executionNumber,
        s.jobExecutionSummary?.status,
        s.jobExecutionSummary?.retryAttempt,
      ]),
      [
        [1, 'FAILED', 0],
        [2, 'FAILED', 1],
      ],
      'retries used up: no third attempt',
    );
  });
});
