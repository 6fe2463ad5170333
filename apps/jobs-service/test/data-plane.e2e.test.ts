import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand } from '@aws-sdk/client-iot';
import {
  DescribeJobExecutionCommand,
  GetPendingJobExecutionsCommand,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
} from '@aws-sdk/client-iot-jobs-data-plane';
import { sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';
import { signedFetch } from './support/signed-fetch.js';

/** The device's side, through `@aws-sdk/client-iot-jobs-data-plane` on the `/data-plane` endpoint. */
describe('data plane', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  async function thingWithJobs(count: number): Promise<{ thingName: string; jobIds: string[] }> {
    const thingName = uniqueName('device');
    const jobIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const jobId = uniqueName('job');
      await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: `{"step":${i}}` }));
      jobIds.push(jobId);
    }
    return { thingName, jobIds };
  }

  it('GetPendingJobExecutions lists queued and in-progress executions with integer timestamps', async () => {
    const { thingName, jobIds } = await thingWithJobs(2);
    await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    const pending = await sut.dp.send(new GetPendingJobExecutionsCommand({ thingName }));
    assert.deepEqual(
      pending.inProgressJobs?.map((j) => j.jobId),
      [jobIds[0]],
    );
    assert.deepEqual(
      pending.queuedJobs?.map((j) => j.jobId),
      [jobIds[1]],
    );
    const summary = pending.inProgressJobs![0]!;
    assert.equal(summary.versionNumber, 2);
    assert.equal(summary.executionNumber, 1);
    assert.ok(Number.isInteger(summary.queuedAt) && summary.queuedAt! > 1_600_000_000 && summary.queuedAt! < 10_000_000_000);
    assert.ok(Number.isInteger(summary.startedAt));
    const none = await sut.dp.send(new GetPendingJobExecutionsCommand({ thingName: uniqueName('idle') }));
    assert.deepEqual([none.inProgressJobs, none.queuedJobs], [[], []]);
  });

  it('StartNextPendingJobExecution starts the oldest QUEUED one, then keeps returning it unchanged', async () => {
    const { thingName, jobIds } = await thingWithJobs(2);
    const started = await sut.dp.send(
      new StartNextPendingJobExecutionCommand({ thingName, statusDetails: { phase: 'download' }, stepTimeoutInMinutes: 10 }),
    );
    assert.equal(started.execution?.jobId, jobIds[0]);
    assert.equal(started.execution?.status, 'IN_PROGRESS');
    assert.equal(started.execution?.thingName, thingName);
    assert.deepEqual(started.execution?.statusDetails, { phase: 'download' });
    assert.equal(started.execution?.jobDocument, '{"step":0}');
    assert.equal(started.execution?.versionNumber, 2);
    const again = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName, statusDetails: { phase: 'other' } }));
    assert.equal(again.execution?.jobId, jobIds[0]);
    assert.deepEqual(again.execution?.statusDetails, { phase: 'download' });
    assert.equal(again.execution?.versionNumber, 2);
    const idle = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: uniqueName('idle') }));
    assert.equal(idle.execution, undefined);
  });

  it('DescribeJobExecution with $next peeks without starting, in both spellings', async () => {
    const { thingName, jobIds } = await thingWithJobs(1);
    const peek = await sut.dp.send(new DescribeJobExecutionCommand({ thingName, jobId: '$next', includeJobDocument: true }));
    assert.equal(peek.execution?.jobId, jobIds[0]);
    assert.equal(peek.execution?.status, 'QUEUED');
    assert.equal(peek.execution?.jobDocument, '{"step":0}');
    const literal = await signedFetch(`${sut.service.url}/data-plane/things/${thingName}/jobs/$next`);
    assert.equal(literal.status, 200);
    assert.equal(((await literal.json()) as { execution: { jobId: string } }).execution.jobId, jobIds[0]);
    const explicit = await sut.dp.send(new DescribeJobExecutionCommand({ thingName, jobId: jobIds[0]! }));
    assert.equal(explicit.execution?.status, 'QUEUED', 'peeking did not start it');
    const nothing = await sut.dp.send(new DescribeJobExecutionCommand({ thingName: uniqueName('idle'), jobId: '$next' }));
    assert.equal(nothing.execution, undefined);
  });

  it('works for thing names with a colon', async () => {
    const thingName = `${uniqueName('fleet')}:sensor`;
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thingName)], document: '{}' }));
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName }));
    assert.equal(started.execution?.thingName, thingName);
  });

  it('UpdateJobExecution moves the state machine and returns what was asked for', async () => {
    const { thingName, jobIds } = await thingWithJobs(1);
    const jobId = jobIds[0]!;
    const progress = await sut.dp.send(
      new UpdateJobExecutionCommand({ thingName, jobId, status: 'IN_PROGRESS', statusDetails: { pct: '10' }, includeJobExecutionState: true }),
    );
    assert.deepEqual(progress.executionState, { status: 'IN_PROGRESS', statusDetails: { pct: '10' }, versionNumber: 2 });
    assert.equal(progress.jobDocument, undefined);
    const done = await sut.dp.send(
      new UpdateJobExecutionCommand({
        thingName,
        jobId,
        status: 'SUCCEEDED',
        expectedVersion: 2,
        executionNumber: 1,
        includeJobExecutionState: true,
        includeJobDocument: true,
      }),
    );
    assert.deepEqual(done.executionState, { status: 'SUCCEEDED', statusDetails: { pct: '10' }, versionNumber: 3 });
    assert.equal(done.jobDocument, '{"step":0}');
    const plain = await sut.dp.send(new DescribeJobExecutionCommand({ thingName, jobId }));
    assert.equal(plain.execution?.status, 'SUCCEEDED');
    assert.equal(plain.execution?.jobDocument, '{"step":0}', 'includeJobDocument defaults to true');
  });

  it('UpdateJobExecution refuses a stale expectedVersion with the current state, and bad transitions', async () => {
    const { thingName, jobIds } = await thingWithJobs(1);
    const jobId = jobIds[0]!;
    const stale = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'IN_PROGRESS', expectedVersion: 5 })));
    assert.equal(stale.name, 'InvalidStateTransitionException');
    assert.equal(stale.$metadata.httpStatusCode, 409);
    const queued = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'QUEUED' })));
    assert.equal(queued.name, 'InvalidStateTransitionException');
    const serviceOnly = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'TIMED_OUT' })));
    assert.equal(serviceOnly.name, 'InvalidRequestException');
    const wrongNumber = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'IN_PROGRESS', executionNumber: 9 })));
    assert.equal(wrongNumber.name, 'ResourceNotFoundException');
    const unknown = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId: 'nope', status: 'IN_PROGRESS' })));
    assert.equal(unknown.name, 'ResourceNotFoundException');
    assert.equal((await sut.dp.send(new DescribeJobExecutionCommand({ thingName, jobId }))).execution?.versionNumber, 1);
    await sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'REJECTED' }));
    const terminal = await sdkError(sut.dp.send(new UpdateJobExecutionCommand({ thingName, jobId, status: 'REJECTED' })));
    assert.equal(terminal.name, 'InvalidStateTransitionException');
  });

  it('rejects malformed requests with AWS-shaped 400s', async () => {
    const base = `${sut.service.url}/data-plane/things`;
    const malformed = await signedFetch(`${base}/t1/jobs/j1`, { method: 'POST', body: '{"status":' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.headers.get('x-amzn-errortype'), 'InvalidRequestException');
    assert.ok(malformed.headers.get('x-amzn-requestid'));
    assert.equal(typeof ((await malformed.json()) as { message?: unknown }).message, 'string');
    const wrongType = await signedFetch(`${base}/t1/jobs/j1`, { method: 'POST', body: '{"status":42}' });
    assert.equal(wrongType.status, 400);
    const emptyLabel = await sdkError(sut.dp.send(new GetPendingJobExecutionsCommand({ thingName: '' })));
    assert.equal(emptyLabel.name, 'InvalidRequestException');
  });
});
