import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, DescribeJobCommand, DescribeJobExecutionCommand, type AbortCriteria } from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { ExecutionTimeouts } from '#jobs/application';
import { ManualClock, pollUntil, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

type Ending = 'SUCCEEDED' | 'FAILED' | 'REJECTED' | 'TIMED_OUT';

/**
 * Abort criteria through the SDK (docs/aws-behaviour.md §16): as executions end, the first
 * criterion that fires cancels the job as a non-force CancelJob would, with reasonCode JOB_ABORTED
 * and a comment naming the criterion; QUEUED executions are then canceled, IN_PROGRESS ones not.
 */
describe('abortConfig', () => {
  let sut: ServiceUnderTest;
  let timeouts: ExecutionTimeouts;
  const clock = new ManualClock();
  before(async () => {
    sut = await startServiceUnderTest({ clock });
    timeouts = sut.service.app.get(ExecutionTimeouts);
  });
  after(() => sut.stop());

  const criterion = (failureType: AbortCriteria['failureType'], thresholdPercentage: number, minNumberOfExecutedThings: number): AbortCriteria => ({
    failureType,
    action: 'CANCEL',
    thresholdPercentage,
    minNumberOfExecutedThings,
  });
  const executionStatus = async (jobId: string, thingName: string) =>
    (await sut.cp.send(new DescribeJobExecutionCommand({ jobId, thingName }))).execution?.status;
  const abortedJob = (jobId: string) =>
    pollUntil(
      async () => {
        const { job } = await sut.cp.send(new DescribeJobCommand({ jobId }));
        return job?.status === 'CANCELED' ? job : undefined;
      },
      { description: `job ${jobId} aborted` },
    );

  async function createJob(things: string[], criteriaList: AbortCriteria[], timeoutMinutes?: number): Promise<string> {
    const jobId = uniqueName('abort');
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: things.map(thingArn),
        document: '{}',
        abortConfig: { criteriaList },
        ...(timeoutMinutes ? { timeoutConfig: { inProgressTimeoutInMinutes: timeoutMinutes } } : {}),
      }),
    );
    return jobId;
  }

  /** Starts the thing's execution and ends it as given (TIMED_OUT by letting the timer run out). */
  async function end(jobId: string, thingName: string, ending: Ending): Promise<void> {
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    if (ending !== 'TIMED_OUT') {
      await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName, status: ending }));
      return;
    }
    clock.advanceMinutes(2);
    await timeouts.sweep();
    assert.equal(await executionStatus(jobId, thingName), 'TIMED_OUT');
  }

  it('20 targets, FAILED >= 30 % after 10 completed: CANCELED with JOB_ABORTED, QUEUED canceled, IN_PROGRESS untouched', async () => {
    const things = Array.from({ length: 20 }, () => uniqueName('t'));
    const failed30: AbortCriteria = { failureType: 'FAILED', action: 'CANCEL', thresholdPercentage: 30, minNumberOfExecutedThings: 10 };
    const jobId = await createJob(things, [failed30]);
    assert.deepEqual((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.abortConfig, { criteriaList: [failed30] });
    const endings: Ending[] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'FAILED'];
    for (const [i, ending] of endings.entries()) await end(jobId, things[i]!, ending);
    // Two devices are at work when the tenth completion (the third failure) fires the criterion.
    for (const thingName of things.slice(10, 12)) await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    await end(jobId, things[9]!, 'FAILED');

    const job = await abortedJob(jobId);
    assert.equal(job.reasonCode, 'JOB_ABORTED');
    assert.equal(job.forceCanceled, false);
    assert.equal(
      job.comment,
      'Job aborted by abortConfig criterion 1: FAILED executions reached 30% (3 of 10 completed; threshold 30% after at least 10 completed)',
    );
    for (const thingName of things.slice(12)) {
      await pollUntil(async () => ((await executionStatus(jobId, thingName)) === 'CANCELED' ? true : undefined), {
        description: `${thingName} canceled`,
      });
    }
    for (const thingName of things.slice(10, 12)) assert.equal(await executionStatus(jobId, thingName), 'IN_PROGRESS');
    // An execution left running may still finish; the job stays CANCELED.
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: things[10]!, status: 'SUCCEEDED' }));
    const after = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    assert.equal(after.status, 'CANCELED');
    assert.equal(after.jobProcessDetails?.numberOfCanceledThings, 8);
    assert.equal(after.jobProcessDetails?.numberOfInProgressThings, 1);
  });

  for (const failureType of ['FAILED', 'REJECTED', 'TIMED_OUT'] as const) {
    it(`a ${failureType} criterion counts ${failureType} executions`, async () => {
      const things = Array.from({ length: 3 }, () => uniqueName('t'));
      const jobId = await createJob(things, [criterion(failureType, 50, 2)], 1);
      await end(jobId, things[0]!, 'SUCCEEDED');
      await end(jobId, things[1]!, failureType);
      const job = await abortedJob(jobId);
      assert.equal(job.reasonCode, 'JOB_ABORTED');
      assert.match(job.comment ?? '', new RegExp(`criterion 1: ${failureType} executions reached 50% \\(1 of 2 completed`));
      await pollUntil(async () => ((await executionStatus(jobId, things[2]!)) === 'CANCELED' ? true : undefined));
    });
  }

  it('an ALL criterion sums FAILED, REJECTED and TIMED_OUT', async () => {
    const things = Array.from({ length: 5 }, () => uniqueName('t'));
    const jobId = await createJob(things, [criterion('ALL', 75, 4)], 1);
    await end(jobId, things[0]!, 'SUCCEEDED');
    await end(jobId, things[1]!, 'FAILED');
    await end(jobId, things[2]!, 'REJECTED');
    await end(jobId, things[3]!, 'TIMED_OUT');
    const job = await abortedJob(jobId);
    assert.match(job.comment ?? '', /criterion 1: FAILED, REJECTED and TIMED_OUT executions reached 75% \(3 of 4 completed/);
  });

  it('criteria are checked in order: the first that fires is the one reported', async () => {
    const things = Array.from({ length: 3 }, () => uniqueName('t'));
    const jobId = await createJob(things, [criterion('REJECTED', 90, 2), criterion('FAILED', 50, 2), criterion('ALL', 10, 1)]);
    await end(jobId, things[0]!, 'SUCCEEDED');
    await end(jobId, things[1]!, 'FAILED');
    const job = await abortedJob(jobId);
    // ALL (3rd) fires as early as after the first failure too, but FAILED (2nd) comes first in the list.
    assert.match(job.comment ?? '', /^Job aborted by abortConfig criterion 2: FAILED executions reached 50%/);
  });
});
