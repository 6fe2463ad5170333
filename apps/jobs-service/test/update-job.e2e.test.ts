import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  CancelJobCommand,
  CreateJobCommand,
  DescribeJobCommand,
  GetJobDocumentCommand,
  InvalidRequestException,
  ResourceNotFoundException,
  UpdateJobCommand,
} from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand, UpdateJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { ManualClock, pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/** UpdateJob and GetJobDocument through the SDK (docs/aws-behaviour.md §17). */
describe('UpdateJob and GetJobDocument', () => {
  let sut: ServiceUnderTest;
  const clock = new ManualClock();
  before(async () => {
    sut = await startServiceUnderTest({ clock });
  });
  after(() => sut.stop());

  const describeJob = async (jobId: string) => (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
  const abortConfig = {
    criteriaList: [{ failureType: 'FAILED' as const, action: 'CANCEL' as const, thresholdPercentage: 50, minNumberOfExecutedThings: 1 }],
  };

  it('UpdateJob replaces description, timeoutConfig, jobExecutionsRetryConfig and abortConfig; the new timeout applies to executions started afterwards', async () => {
    const [jobId, first, second] = [uniqueName('job'), uniqueName('t'), uniqueName('t')];
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: [thingArn(first), thingArn(second)],
        document: '{"op":"x"}',
        description: 'v1',
        timeoutConfig: { inProgressTimeoutInMinutes: 10 },
        jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 2 }] },
      }),
    );
    const startedBefore = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: first }));
    const createdAt = (await describeJob(jobId)).lastUpdatedAt!;
    clock.advanceMinutes(1);
    const retriesOff = { criteriaList: [{ failureType: 'FAILED' as const, numberOfRetries: 0 }] };
    const answer = await sut.cp.send(
      new UpdateJobCommand({
        jobId,
        description: 'v2',
        timeoutConfig: { inProgressTimeoutInMinutes: 100 },
        jobExecutionsRetryConfig: retriesOff,
        abortConfig: { criteriaList: [{ failureType: 'FAILED', action: 'CANCEL', thresholdPercentage: 90, minNumberOfExecutedThings: 5 }] },
      }),
    );
    assert.equal(answer.$metadata.httpStatusCode, 200);
    const job = await describeJob(jobId);
    assert.equal(job.description, 'v2');
    assert.deepEqual(job.timeoutConfig, { inProgressTimeoutInMinutes: 100 });
    assert.deepEqual(job.jobExecutionsRetryConfig, retriesOff);
    assert.deepEqual(job.abortConfig?.criteriaList?.[0]?.thresholdPercentage, 90);
    assert.ok(job.lastUpdatedAt!.getTime() > createdAt.getTime(), 'lastUpdatedAt moves');
    assert.equal(job.status, 'IN_PROGRESS');

    const startedAfter = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: second }));
    assert.ok((startedBefore.execution?.approximateSecondsBeforeTimedOut ?? 0) <= 600, 'the running one keeps its 10 minutes');
    assert.ok((startedAfter.execution?.approximateSecondsBeforeTimedOut ?? 0) > 5900, 'the one started after the update has 100 minutes');

    // Retries were set to 0: a failure is not retried.
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: first, status: 'FAILED' }));
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: second, status: 'SUCCEEDED' }));
    await pollUntil(async () => ((await describeJob(jobId)).status === 'COMPLETED' ? true : undefined), { description: 'completed without a retry' });
  });

  it('an abortConfig given by UpdateJob is checked at once against the executions already ended', async () => {
    const [jobId, first, second] = [uniqueName('job'), uniqueName('t'), uniqueName('t')];
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(first), thingArn(second)], document: '{}' }));
    await sut.dp.send(new UpdateJobExecutionCommand({ jobId, thingName: first, status: 'FAILED' }));
    await sut.cp.send(new UpdateJobCommand({ jobId, abortConfig }));
    const job = await pollUntil(
      async () => {
        const current = await describeJob(jobId);
        return current.status === 'CANCELED' ? current : undefined;
      },
      { description: 'aborted after the update' },
    );
    assert.equal(job.reasonCode, 'JOB_ABORTED');
    assert.deepEqual(job.abortConfig, abortConfig);
  });

  it('refuses retries other than 0, refused members by name, a canceled job, an unknown job', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}', description: 'kept' }));
    const retries = await sdkError(
      sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRetryConfig: { criteriaList: [{ failureType: 'FAILED', numberOfRetries: 1 }] } })),
    );
    assert.ok(retries instanceof InvalidRequestException);
    assert.match(retries.message, /only be set to 0/);
    const presigned = await sdkError(sut.cp.send(new UpdateJobCommand({ jobId, presignedUrlConfig: { expiresInSec: 60 } })));
    assert.ok(presigned instanceof InvalidRequestException);
    assert.match(presigned.message, /presignedUrlConfig is not supported by this service/);
    const rollout = await sdkError(sut.cp.send(new UpdateJobCommand({ jobId, jobExecutionsRolloutConfig: { maximumPerMinute: 1001 } })));
    assert.ok(rollout instanceof InvalidRequestException, 'a rollout rate above 1000 a minute');
    assert.equal((await describeJob(jobId)).description, 'kept', 'a refused update changes nothing');

    await sut.cp.send(new CancelJobCommand({ jobId }));
    const canceled = await sdkError(sut.cp.send(new UpdateJobCommand({ jobId, description: 'late' })));
    assert.ok(canceled instanceof InvalidRequestException);
    assert.equal(canceled.$metadata.httpStatusCode, 400);
    const missing = await sdkError(sut.cp.send(new UpdateJobCommand({ jobId: uniqueName('nope'), description: 'x' })));
    assert.ok(missing instanceof ResourceNotFoundException);
  });

  it('GetJobDocument returns the stored document, with or without beforeSubstitution; an unknown job is 404', async () => {
    const [jobId, thingName] = [uniqueName('job'), uniqueName('t')];
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an AWS placeholder, meant literally.
    const document = '{"op":"install","url":"${aws:iot:s3-presigned-url:https://s3.example.com/b/k}"}';
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document }));
    assert.equal((await sut.cp.send(new GetJobDocumentCommand({ jobId }))).document, document);
    assert.equal((await sut.cp.send(new GetJobDocumentCommand({ jobId, beforeSubstitution: true }))).document, document);
    const missing = await sdkError(sut.cp.send(new GetJobDocumentCommand({ jobId: uniqueName('nope') })));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });
});
