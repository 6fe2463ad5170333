import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  DescribeJobExecutionCommand as SdkDescribeJobExecution,
  GetPendingJobExecutionsCommand as SdkGetPending,
  IoTJobsDataPlaneClient,
  StartNextPendingJobExecutionCommand as SdkStartNext,
  UpdateJobExecutionCommand as SdkUpdate,
} from '@aws-sdk/client-iot-jobs-data-plane';
import * as app from '#jobs/application';
import { DomainError } from '#jobs/domain';
import { AwsError, DATA_PLANE_PATH_PREFIX } from '#jobs/http';
import { startScriptedEdge, TEST_ACCESS_KEY_ID, type ScriptedEdge } from './support/scripted-app.js';
import { executionView, queuedExecutionView, QUEUED_AT, STARTED_AT } from './support/views.js';
import { expectAwsError } from './support/expect-aws-error.js';

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

describe('data plane over the wire, driven by the official IoTJobsDataPlaneClient', () => {
  let edge: ScriptedEdge;
  before(async () => {
    edge = await startScriptedEdge();
  });
  after(() => edge.close());
  beforeEach(() => edge.script.reset());

  it('GetPendingJobExecutions splits in-progress and queued, with integer epoch seconds', async () => {
    edge.script.answer(app.GetPendingJobExecutionsQuery, () => ({
      inProgress: [executionView()],
      queued: [queuedExecutionView({ jobId: 'job-2' })],
    }));
    const out = await edge.dataPlane.send(new SdkGetPending({ thingName: 'site:7:pump' }));
    assert.equal(out.inProgressJobs?.[0]?.jobId, 'job-1');
    assert.equal(out.inProgressJobs?.[0]?.startedAt, seconds(STARTED_AT));
    assert.equal(out.queuedJobs?.[0]?.queuedAt, seconds(QUEUED_AT));
    assert.equal(out.queuedJobs?.[0]?.startedAt, undefined);
    assert.equal(out.queuedJobs?.[0]?.versionNumber, 1);
    assert.deepEqual(edge.script.lastInput(app.GetPendingJobExecutionsQuery), { thingName: 'site:7:pump' });
  });

  it('StartNextPendingJobExecution (literal $next) forwards the body and returns the device execution', async () => {
    edge.script.answer(app.StartNextPendingJobExecutionCommand, () => ({ execution: { ...executionView(), jobDocument: '{"op":1}' } }));
    const out = await edge.dataPlane.send(new SdkStartNext({ thingName: 'thing-1', statusDetails: { a: 'b' }, stepTimeoutInMinutes: 5 }));
    assert.equal(out.execution?.thingName, 'thing-1');
    assert.equal(out.execution?.jobDocument, '{"op":1}');
    assert.deepEqual(out.execution?.statusDetails, { progress: '10' });
    assert.equal(out.execution?.lastUpdatedAt, seconds(executionView().lastUpdatedAt));
    assert.deepEqual(edge.script.lastInput(app.StartNextPendingJobExecutionCommand), {
      thingName: 'thing-1',
      statusDetails: { a: 'b' },
      stepTimeoutInMinutes: 5,
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('StartNextPendingJobExecution with nothing pending answers {} (execution undefined)', async () => {
    edge.script.answer(app.StartNextPendingJobExecutionCommand, () => ({}));
    const out = await edge.dataPlane.send(new SdkStartNext({ thingName: 'thing-1' }));
    assert.equal(out.execution, undefined);
    assert.equal(out.$metadata.httpStatusCode, 200);
  });

  it('DescribeJobExecution with jobId $next (sent as %24next) peeks at the next pending execution', async () => {
    edge.script.answer(app.DescribeNextPendingJobExecutionQuery, () => executionView());
    const out = await edge.dataPlane.send(new SdkDescribeJobExecution({ thingName: 'thing-1', jobId: '$next', includeJobDocument: false }));
    assert.equal(out.execution?.jobId, 'job-1');
    assert.deepEqual(edge.script.lastInput(app.DescribeNextPendingJobExecutionQuery), { thingName: 'thing-1', includeJobDocument: false });
    assert.equal(edge.script.lastInput(app.DescribeJobExecutionQuery), undefined);
  });

  it('a literal /$next in the describe path means the same, and nothing pending is 200 {}', async () => {
    edge.script.answer(app.DescribeNextPendingJobExecutionQuery, () => undefined);
    const response = await fetch(`${edge.baseUrl}${DATA_PLANE_PATH_PREFIX}/things/thing-1/jobs/$next`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {});
    assert.deepEqual(edge.script.lastInput(app.DescribeNextPendingJobExecutionQuery), { thingName: 'thing-1', includeJobDocument: true });
  });

  it('DescribeJobExecution by id includes the document unless told not to', async () => {
    edge.script.answer(app.DescribeJobExecutionQuery, () => ({ ...executionView({ thingName: 'site:7:pump' }), jobDocument: '{}' }));
    const out = await edge.dataPlane.send(new SdkDescribeJobExecution({ thingName: 'site:7:pump', jobId: 'job-1', executionNumber: 1 }));
    assert.equal(out.execution?.jobDocument, '{}');
    assert.deepEqual(edge.script.lastInput(app.DescribeJobExecutionQuery), {
      thingName: 'site:7:pump',
      jobId: 'job-1',
      executionNumber: 1,
      includeJobDocument: true,
    });
  });

  it('UpdateJobExecution answers 200 with the execution state it was asked for', async () => {
    edge.script.answer(app.UpdateJobExecutionCommand, () => ({
      executionState: { status: 'SUCCEEDED', statusDetails: { done: 'yes' }, versionNumber: 3 },
    }));
    const out = await edge.dataPlane.send(
      new SdkUpdate({
        thingName: 'thing-1',
        jobId: 'job-1',
        status: 'SUCCEEDED',
        expectedVersion: 2,
        stepTimeoutInMinutes: -1,
        includeJobExecutionState: true,
      }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(out.executionState, { status: 'SUCCEEDED', statusDetails: { done: 'yes' }, versionNumber: 3 });
    assert.equal(out.jobDocument, undefined);
    assert.deepEqual(edge.script.lastInput(app.UpdateJobExecutionCommand), {
      thingName: 'thing-1',
      jobId: 'job-1',
      status: 'SUCCEEDED',
      expectedVersion: 2,
      stepTimeoutInMinutes: -1,
      includeJobExecutionState: true,
      includeJobDocument: false,
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('UpdateJobExecution forwards statusDetails, executionNumber and includeJobDocument', async () => {
    edge.script.answer(app.UpdateJobExecutionCommand, () => ({ jobDocument: '{"op":1}' }));
    const out = await edge.dataPlane.send(
      new SdkUpdate({
        thingName: 'thing-1',
        jobId: 'job-1',
        status: 'IN_PROGRESS',
        statusDetails: { step: '2' },
        executionNumber: 4,
        includeJobDocument: true,
      }),
    );
    assert.equal(out.jobDocument, '{"op":1}');
    assert.equal(out.executionState, undefined);
    assert.deepEqual(edge.script.lastInput(app.UpdateJobExecutionCommand), {
      thingName: 'thing-1',
      jobId: 'job-1',
      status: 'IN_PROGRESS',
      statusDetails: { step: '2' },
      executionNumber: 4,
      includeJobExecutionState: false,
      includeJobDocument: true,
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('a version mismatch on UpdateJobExecution is InvalidStateTransitionException 409 with executionState', async () => {
    const executionState = { status: 'IN_PROGRESS', statusDetails: {}, versionNumber: 3 };
    edge.script.answer(app.UpdateJobExecutionCommand, () => {
      throw new DomainError('VersionConflict', 'expected version 2 does not match current version 3', { executionState });
    });
    const call = edge.dataPlane.send(new SdkUpdate({ thingName: 'thing-1', jobId: 'job-1', status: 'SUCCEEDED', expectedVersion: 2 }));
    const error = await expectAwsError(call, 'InvalidStateTransitionException', 409);
    assert.deepEqual((error as unknown as { executionState: unknown }).executionState, executionState);
  });

  it('UpdateJobExecution refuses $next, a bad status and a zero step timeout', async () => {
    const cases = [
      new SdkUpdate({ thingName: 'thing-1', jobId: '$next', status: 'SUCCEEDED' }),
      new SdkUpdate({ thingName: 'thing-1', jobId: 'job-1', status: 'DONE' as 'SUCCEEDED' }),
      new SdkUpdate({ thingName: 'thing-1', jobId: 'job-1', status: 'SUCCEEDED', stepTimeoutInMinutes: 0 }),
    ];
    for (const command of cases) await expectAwsError(edge.dataPlane.send(command), 'InvalidRequestException', 400);
    assert.equal(edge.script.calls.length, 0);
  });

  it('thing names of 128 characters pass, 129 are a 400 (not a router 414)', async () => {
    edge.script.answer(app.GetPendingJobExecutionsQuery, () => ({ inProgress: [], queued: [] }));
    const longest = `a:${'b'.repeat(126)}`;
    const out = await edge.dataPlane.send(new SdkGetPending({ thingName: longest }));
    assert.deepEqual([out.inProgressJobs, out.queuedJobs], [[], []]);
    await expectAwsError(edge.dataPlane.send(new SdkGetPending({ thingName: 'b'.repeat(129) })), 'InvalidRequestException', 400);
  });

  it('throttling is 429 on the data plane', async () => {
    edge.script.answer(app.GetPendingJobExecutionsQuery, () => {
      throw new AwsError('ThrottlingException', 'slow down');
    });
    await expectAwsError(edge.dataPlane.send(new SdkGetPending({ thingName: 'thing-1' })), 'ThrottlingException', 429);
  });

  it('an endpoint configured with a trailing slash still reaches the data plane', async () => {
    edge.script.answer(app.GetPendingJobExecutionsQuery, () => ({ inProgress: [], queued: [] }));
    const client = new IoTJobsDataPlaneClient({
      endpoint: `${edge.baseUrl}${DATA_PLANE_PATH_PREFIX}/`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIDSLASH', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const out = await client.send(new SdkGetPending({ thingName: 'thing-1' }));
      assert.deepEqual(out.queuedJobs, []);
    } finally {
      client.destroy();
    }
  });
});
