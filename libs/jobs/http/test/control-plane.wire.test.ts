import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  CancelJobCommand as SdkCancelJob,
  CancelJobExecutionCommand as SdkCancelJobExecution,
  CreateJobCommand as SdkCreateJob,
  DeleteJobCommand as SdkDeleteJob,
  DeleteJobExecutionCommand as SdkDeleteJobExecution,
  DescribeJobCommand as SdkDescribeJob,
  DescribeJobExecutionCommand as SdkDescribeJobExecution,
  ListJobExecutionsForJobCommand as SdkListForJob,
  ListJobExecutionsForThingCommand as SdkListForThing,
  ListJobsCommand as SdkListJobs,
} from '@aws-sdk/client-iot';
import * as app from '#jobs/application';
import { DomainError } from '#jobs/domain';
import { encodeNextToken } from '#jobs/http';
import { startScriptedEdge, TEST_ACCESS_KEY_ID, type ScriptedEdge } from './support/scripted-app.js';
import { executionView, jobView, QUEUED_AT, STARTED_AT, UPDATED_AT } from './support/views.js';
import { expectAwsError } from './support/expect-aws-error.js';

const THING_ARN = 'arn:aws:iot:us-east-1:123456789012:thing/thing-1';

describe('control plane over the wire, driven by the official IoTClient', () => {
  let edge: ScriptedEdge;
  before(async () => {
    edge = await startScriptedEdge();
  });
  after(() => edge.close());
  beforeEach(() => edge.script.reset());

  it('CreateJob passes the validated input and the SigV4 access key id as actor', async () => {
    edge.script.answer(app.CreateJobCommand, (input) => ({ jobArn: `arn:aws:iot:us-east-1:123456789012:job/${input.jobId}`, jobId: input.jobId }));
    const out = await edge.controlPlane.send(
      new SdkCreateJob({
        jobId: 'job-1',
        targets: [THING_ARN],
        document: '{"op":"install"}',
        targetSelection: 'SNAPSHOT',
        timeoutConfig: { inProgressTimeoutInMinutes: 10 },
      }),
    );
    assert.equal(out.jobArn, 'arn:aws:iot:us-east-1:123456789012:job/job-1');
    assert.equal(out.jobId, 'job-1');
    assert.equal(out.description, undefined);
    assert.match(out.$metadata.requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(edge.script.lastInput(app.CreateJobCommand), {
      jobId: 'job-1',
      targets: [THING_ARN],
      document: '{"op":"install"}',
      targetSelection: 'SNAPSHOT',
      timeoutConfig: { inProgressTimeoutInMinutes: 10 },
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('CreateJob forwards description and jobExecutionsRetryConfig', async () => {
    edge.script.answer(app.CreateJobCommand, (input) => ({
      jobArn: `arn:aws:iot:us-east-1:123456789012:job/${input.jobId}`,
      jobId: input.jobId,
      description: input.description,
    }));
    const jobExecutionsRetryConfig = { criteriaList: [{ failureType: 'TIMED_OUT' as const, numberOfRetries: 3 }] };
    const out = await edge.controlPlane.send(
      new SdkCreateJob({ jobId: 'job-2', targets: [THING_ARN], document: '{}', description: 'firmware 2.2', jobExecutionsRetryConfig }),
    );
    assert.equal(out.description, 'firmware 2.2');
    assert.deepEqual(edge.script.lastInput(app.CreateJobCommand), {
      jobId: 'job-2',
      targets: [THING_ARN],
      document: '{}',
      description: 'firmware 2.2',
      jobExecutionsRetryConfig,
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('CreateJob with members the service does not honour is refused naming each, not run without them', async () => {
    const call = edge.controlPlane.send(
      new SdkCreateJob({
        jobId: 'job-1',
        targets: [THING_ARN],
        document: '{}',
        presignedUrlConfig: { expiresInSec: 60 },
        schedulingConfig: { startTime: '2030-01-01T00:00', endTime: '2030-01-02T00:00', maintenanceWindows: [] },
      }),
    );
    const error = await expectAwsError(call, 'InvalidRequestException', 400);
    assert.match(error.message, /presignedUrlConfig is not supported by this service/);
    assert.doesNotMatch(error.message, /schedulingConfig/, 'every schedulingConfig member is honoured');
    assert.equal(edge.script.calls.length, 0);
  });

  it('CreateJob forwards schedulingConfig with endTime and endBehavior as written; an unknown endBehavior is 400 naming it', async () => {
    edge.script.answer(app.CreateJobCommand, (input) => ({ jobArn: `arn:aws:iot:us-east-1:123456789012:job/${input.jobId}`, jobId: input.jobId }));
    const schedulingConfig = { startTime: '2030-01-01T00:00', endTime: '2030-01-02T00:00+02:00', endBehavior: 'FORCE_CANCEL' } as const;
    await edge.controlPlane.send(new SdkCreateJob({ jobId: 'job-1', targets: [THING_ARN], document: '{}', schedulingConfig }));
    assert.deepEqual(edge.script.lastInput(app.CreateJobCommand)?.schedulingConfig, schedulingConfig);
    edge.script.reset();
    const call = edge.controlPlane.send(
      new SdkCreateJob({
        jobId: 'job-2',
        targets: [THING_ARN],
        document: '{}',
        schedulingConfig: { endTime: '2030-01-02T00:00', endBehavior: 'PAUSE' as 'CANCEL' },
      }),
    );
    const error = await expectAwsError(call, 'InvalidRequestException', 400);
    assert.match(error.message, /schedulingConfig\.endBehavior/);
    assert.match(error.message, /STOP_ROLLOUT, CANCEL, FORCE_CANCEL/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('CreateJob with documentSource is refused naming it, and without a document it names document', async () => {
    const withSource = edge.controlPlane.send(new SdkCreateJob({ jobId: 'job-1', targets: [THING_ARN], documentSource: 's3://bucket/job.json' }));
    const error = await expectAwsError(withSource, 'InvalidRequestException', 400);
    assert.match(error.message, /documentSource is not supported by this service/);
    assert.match(error.message, /'document'/);
    const both = edge.controlPlane.send(
      new SdkCreateJob({ jobId: 'job-1', targets: [THING_ARN], document: '{}', documentSource: 's3://bucket/job.json' }),
    );
    assert.match((await expectAwsError(both, 'InvalidRequestException', 400)).message, /documentSource is not supported by this service/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('CreateJob with a malformed thing-group target is refused before any command runs', async () => {
    const call = edge.controlPlane.send(
      new SdkCreateJob({ jobId: 'job-1', targets: ['arn:aws:iot:us-east-1:123456789012:thinggroup/a/b'], document: '{}' }),
    );
    const error = await expectAwsError(call, 'InvalidRequestException', 400);
    assert.match(error.message, /thing or thing group ARN/);
    assert.match(error.message, /at 'targets\.0'/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('CreateJob of an existing job answers ResourceAlreadyExistsException with its modeled members', async () => {
    edge.script.answer(app.CreateJobCommand, () => {
      throw new DomainError('ResourceAlreadyExists', 'Job job-1 already exists', {
        resourceId: 'job-1',
        resourceArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1',
      });
    });
    const call = edge.controlPlane.send(new SdkCreateJob({ jobId: 'job-1', targets: [THING_ARN], document: '{}' }));
    const error = await expectAwsError(call, 'ResourceAlreadyExistsException', 409);
    assert.equal((error as unknown as { resourceId: string }).resourceId, 'job-1');
    assert.equal((error as unknown as { resourceArn: string }).resourceArn, 'arn:aws:iot:us-east-1:123456789012:job/job-1');
  });

  it('DescribeJob returns Dates for the epoch-second timestamps and no document', async () => {
    edge.script.answer(app.DescribeJobQuery, () => jobView({ completedAt: UPDATED_AT, documentSource: 's3://bucket/doc.json' }));
    const out = await edge.controlPlane.send(new SdkDescribeJob({ jobId: 'job-1' }));
    assert.equal(out.documentSource, 's3://bucket/doc.json');
    assert.ok(out.job?.createdAt instanceof Date);
    assert.equal(out.job.createdAt.getTime(), QUEUED_AT.getTime());
    assert.equal(out.job.completedAt?.getTime(), UPDATED_AT.getTime());
    assert.equal(out.job.jobProcessDetails?.numberOfInProgressThings, 1);
    assert.equal(out.job.status, 'IN_PROGRESS');
    assert.equal('document' in out.job, false);
  });

  it('DescribeJob returns the timeoutConfig and jobExecutionsRetryConfig the job has', async () => {
    const jobExecutionsRetryConfig = { criteriaList: [{ failureType: 'ALL' as const, numberOfRetries: 2 }] };
    edge.script.answer(app.DescribeJobQuery, () => jobView({ timeoutConfig: { inProgressTimeoutInMinutes: 15 }, jobExecutionsRetryConfig }));
    const out = await edge.controlPlane.send(new SdkDescribeJob({ jobId: 'job-1' }));
    assert.deepEqual(out.job?.timeoutConfig, { inProgressTimeoutInMinutes: 15 });
    assert.deepEqual(out.job?.jobExecutionsRetryConfig, jobExecutionsRetryConfig);
  });

  it('the list operations forward every filter and the page token', async () => {
    const nextToken = encodeNextToken('7');
    for (const query of [app.ListJobsQuery, app.ListJobExecutionsForJobQuery, app.ListJobExecutionsForThingQuery]) {
      edge.script.answer(query, () => ({ items: [] }));
    }
    await edge.controlPlane.send(new SdkListJobs({ status: 'COMPLETED', targetSelection: 'CONTINUOUS', maxResults: 3, nextToken }));
    assert.deepEqual(edge.script.lastInput(app.ListJobsQuery), { status: 'COMPLETED', targetSelection: 'CONTINUOUS', maxResults: 3, cursor: '7' });
    await edge.controlPlane.send(new SdkListForJob({ jobId: 'job-1', status: 'FAILED', maxResults: 4, nextToken }));
    assert.deepEqual(edge.script.lastInput(app.ListJobExecutionsForJobQuery), { jobId: 'job-1', status: 'FAILED', maxResults: 4, cursor: '7' });
    await edge.controlPlane.send(new SdkListForThing({ thingName: 'thing-1', jobId: 'job-1', status: 'QUEUED', maxResults: 5, nextToken }));
    assert.deepEqual(edge.script.lastInput(app.ListJobExecutionsForThingQuery), {
      thingName: 'thing-1',
      jobId: 'job-1',
      status: 'QUEUED',
      maxResults: 5,
      cursor: '7',
    });
  });

  it('ListJobs wraps the cursor into an opaque nextToken and leaves it out on the last page', async () => {
    edge.script.answer(app.ListJobsQuery, (input) =>
      input.cursor === undefined ? { items: [jobView()], nextCursor: '17' } : { items: [jobView({ jobId: 'job-2' })] },
    );
    const first = await edge.controlPlane.send(new SdkListJobs({ maxResults: 1, status: 'IN_PROGRESS' }));
    assert.equal(first.jobs?.[0]?.jobId, 'job-1');
    assert.ok(first.nextToken);
    assert.notEqual(first.nextToken, '17');
    const second = await edge.controlPlane.send(new SdkListJobs({ maxResults: 1, nextToken: first.nextToken }));
    assert.equal(second.jobs?.[0]?.jobId, 'job-2');
    assert.equal(second.nextToken, undefined);
    assert.deepEqual(edge.script.lastInput(app.ListJobsQuery), { maxResults: 1, cursor: '17' });
  });

  it('ListJobs refuses maxResults outside 1..250 and a forged nextToken', async () => {
    await expectAwsError(edge.controlPlane.send(new SdkListJobs({ maxResults: 251 })), 'InvalidRequestException', 400);
    await expectAwsError(edge.controlPlane.send(new SdkListJobs({ maxResults: 0 })), 'InvalidRequestException', 400);
    const forged = await expectAwsError(edge.controlPlane.send(new SdkListJobs({ nextToken: 'abc/def=' })), 'InvalidRequestException', 400);
    assert.match(forged.message, /invalid nextToken/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('CancelJob forwards force and the body members', async () => {
    edge.script.answer(app.CancelJobCommand, (input) => ({
      jobArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1',
      jobId: input.jobId,
      description: 'd',
    }));
    const out = await edge.controlPlane.send(new SdkCancelJob({ jobId: 'job-1', force: true, reasonCode: 'BAD_BUILD_7', comment: 'rolled back' }));
    assert.equal(out.description, 'd');
    assert.deepEqual(edge.script.lastInput(app.CancelJobCommand), {
      jobId: 'job-1',
      force: true,
      reasonCode: 'BAD_BUILD_7',
      comment: 'rolled back',
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('DeleteJob defaults force to false and maps a state conflict to 409', async () => {
    edge.script.answer(app.DeleteJobCommand, () => {
      throw new DomainError('InvalidStateTransition', 'Job job-1 is IN_PROGRESS; use force');
    });
    await expectAwsError(edge.controlPlane.send(new SdkDeleteJob({ jobId: 'job-1' })), 'InvalidStateTransitionException', 409);
    assert.equal(edge.script.lastInput(app.DeleteJobCommand)?.force, false);
  });

  it('CancelJobExecution accepts a thing name with ":" and forwards force, expectedVersion, statusDetails', async () => {
    edge.script.answer(app.CancelJobExecutionCommand, () => undefined);
    const out = await edge.controlPlane.send(
      new SdkCancelJobExecution({ thingName: 'site:7:pump', jobId: 'job-1', force: true, expectedVersion: 3, statusDetails: { reason: 'x y' } }),
    );
    assert.equal(out.$metadata.httpStatusCode, 200);
    assert.deepEqual(edge.script.lastInput(app.CancelJobExecutionCommand), {
      thingName: 'site:7:pump',
      jobId: 'job-1',
      force: true,
      expectedVersion: 3,
      statusDetails: { reason: 'x y' },
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('CancelJobExecution answers VersionConflictException on the control plane', async () => {
    edge.script.answer(app.CancelJobExecutionCommand, () => {
      throw new DomainError('VersionConflict', 'expected version 2 does not match current version 3');
    });
    const call = edge.controlPlane.send(new SdkCancelJobExecution({ thingName: 't1', jobId: 'job-1', expectedVersion: 2 }));
    const error = await expectAwsError(call, 'VersionConflictException', 409);
    assert.equal(error.message, 'expected version 2 does not match current version 3');
  });

  it('CancelJobExecution refuses 11 statusDetails pairs and a negative expectedVersion', async () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']));
    const tooMany = edge.controlPlane.send(new SdkCancelJobExecution({ thingName: 't1', jobId: 'job-1', statusDetails: eleven }));
    assert.match((await expectAwsError(tooMany, 'InvalidRequestException', 400)).message, /statusDetails/);
    const negative = edge.controlPlane.send(new SdkCancelJobExecution({ thingName: 't1', jobId: 'job-1', expectedVersion: -1 }));
    assert.match((await expectAwsError(negative, 'InvalidRequestException', 400)).message, /expectedVersion/);
    assert.equal(edge.script.calls.length, 0);
  });

  it('DescribeJobExecution returns the control-plane execution: Dates, nested detailsMap, thingArn', async () => {
    edge.script.answer(app.DescribeJobExecutionQuery, () => executionView({ thingName: 'site:7:pump' }));
    const out = await edge.controlPlane.send(new SdkDescribeJobExecution({ thingName: 'site:7:pump', jobId: 'job-1', executionNumber: 1 }));
    const execution = out.execution;
    assert.ok(execution?.startedAt instanceof Date);
    assert.equal(execution.startedAt.getTime(), STARTED_AT.getTime());
    assert.deepEqual(execution.statusDetails, { detailsMap: { progress: '10' } });
    assert.equal(execution.thingArn, THING_ARN);
    assert.equal(execution.versionNumber, 2);
    assert.equal(execution.forceCanceled, false);
    assert.deepEqual(edge.script.lastInput(app.DescribeJobExecutionQuery), {
      thingName: 'site:7:pump',
      jobId: 'job-1',
      executionNumber: 1,
      includeJobDocument: false,
    });
  });

  it('DescribeJobExecution of an unknown execution is ResourceNotFoundException 404', async () => {
    edge.script.answer(app.DescribeJobExecutionQuery, () => {
      throw new DomainError('ResourceNotFound', 'No execution of job-1 on t1');
    });
    await expectAwsError(edge.controlPlane.send(new SdkDescribeJobExecution({ thingName: 't1', jobId: 'job-1' })), 'ResourceNotFoundException', 404);
  });

  it('DeleteJobExecution parses the executionNumber label as a number', async () => {
    edge.script.answer(app.DeleteJobExecutionCommand, () => undefined);
    await edge.controlPlane.send(new SdkDeleteJobExecution({ thingName: 't1', jobId: 'job-1', executionNumber: 7, force: true }));
    assert.deepEqual(edge.script.lastInput(app.DeleteJobExecutionCommand), {
      thingName: 't1',
      jobId: 'job-1',
      executionNumber: 7,
      force: true,
      actor: TEST_ACCESS_KEY_ID,
    });
  });

  it('the execution lists give summaries with retryAttempt and without versionNumber', async () => {
    edge.script.answer(app.ListJobExecutionsForJobQuery, () => ({ items: [executionView({ retryAttempt: 2 })] }));
    edge.script.answer(app.ListJobExecutionsForThingQuery, () => ({ items: [executionView()], nextCursor: '2' }));
    const forJob = await edge.controlPlane.send(new SdkListForJob({ jobId: 'job-1', status: 'IN_PROGRESS', maxResults: 5 }));
    const summary = forJob.executionSummaries?.[0];
    assert.equal(summary?.thingArn, THING_ARN);
    assert.equal(summary?.jobExecutionSummary?.retryAttempt, 2);
    assert.ok(summary?.jobExecutionSummary?.queuedAt instanceof Date);
    assert.equal('versionNumber' in (summary?.jobExecutionSummary ?? {}), false);
    assert.equal(forJob.nextToken, undefined);
    const forThing = await edge.controlPlane.send(new SdkListForThing({ thingName: 'thing-1', jobId: 'job-1' }));
    assert.equal(forThing.executionSummaries?.[0]?.jobId, 'job-1');
    assert.ok(forThing.nextToken);
    assert.deepEqual(edge.script.lastInput(app.ListJobExecutionsForThingQuery), { thingName: 'thing-1', jobId: 'job-1', maxResults: 50 });
  });

  it('an unexpected handler failure is a 500 InternalFailureException; a lost database is a 503', async () => {
    edge.script.answer(app.DescribeJobQuery, () => {
      throw new TypeError('bug');
    });
    const bug = await expectAwsError(edge.controlPlane.send(new SdkDescribeJob({ jobId: 'job-1' })), 'InternalFailureException', 500);
    assert.equal(bug.message.includes('bug'), false, 'internals are not leaked');
    edge.script.answer(app.DescribeJobQuery, () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    });
    await expectAwsError(edge.controlPlane.send(new SdkDescribeJob({ jobId: 'job-1' })), 'ServiceUnavailableException', 503);
  });
});
