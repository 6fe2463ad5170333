import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  ConflictException,
  CreateJobCommand,
  CreateJobTemplateCommand,
  DeleteJobTemplateCommand,
  DescribeJobCommand,
  DescribeJobTemplateCommand,
  DescribeManagedJobTemplateCommand,
  GetJobDocumentCommand,
  InvalidRequestException,
  ListJobTemplatesCommand,
  ListManagedJobTemplatesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-iot';
import { StartNextPendingJobExecutionCommand } from '@aws-sdk/client-iot-jobs-data-plane';
import { sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/** Job templates through the SDK (docs/aws-behaviour.md §18). */
describe('job templates', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  const abortConfig = {
    criteriaList: [{ failureType: 'FAILED' as const, action: 'CANCEL' as const, thresholdPercentage: 50, minNumberOfExecutedThings: 4 }],
  };
  const templateArnOf = (id: string) => `arn:aws:iot:us-east-1:123456789012:jobtemplate/${id}`;
  const expectError = async (
    call: Promise<unknown>,
    type: abstract new (...args: never[]) => Error,
    status: number,
  ): Promise<Error & { resourceId?: string }> => {
    const error = await sdkError(call);
    assert.ok(error instanceof type, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, status);
    return error as Error & { resourceId?: string };
  };

  it('CreateJobTemplate keeps description, document, abortConfig, timeoutConfig and jobExecutionsRetryConfig; a taken jobTemplateId is ConflictException naming it', async () => {
    const jobTemplateId = uniqueName('tpl');
    const abortConfig = {
      criteriaList: [{ failureType: 'REJECTED' as const, action: 'CANCEL' as const, thresholdPercentage: 25.5, minNumberOfExecutedThings: 8 }],
    };
    const jobExecutionsRetryConfig = { criteriaList: [{ failureType: 'TIMED_OUT' as const, numberOfRetries: 2 }] };
    const created = await sut.cp.send(
      new CreateJobTemplateCommand({
        jobTemplateId,
        description: 'firmware 3',
        document: '{"op":"flash"}',
        abortConfig,
        timeoutConfig: { inProgressTimeoutInMinutes: 30 },
        jobExecutionsRetryConfig,
      }),
    );
    assert.equal(created.jobTemplateId, jobTemplateId);
    assert.match(created.jobTemplateArn ?? '', new RegExp(`^arn:aws:iot:[a-z0-9-]+:\\d{12}:jobtemplate/${jobTemplateId}$`));
    const described = await sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId }));
    assert.equal(described.jobTemplateArn, created.jobTemplateArn);
    assert.equal(described.description, 'firmware 3');
    assert.equal(described.document, '{"op":"flash"}');
    assert.ok(described.createdAt instanceof Date);
    assert.deepEqual(described.abortConfig, abortConfig);
    assert.deepEqual(described.timeoutConfig, { inProgressTimeoutInMinutes: 30 });
    assert.deepEqual(described.jobExecutionsRetryConfig, jobExecutionsRetryConfig);

    const again = sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'other', document: '{}' }));
    const conflict = await expectError(again, ConflictException, 409);
    assert.equal(conflict.resourceId, jobTemplateId);
    assert.equal((await sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId }))).description, 'firmware 3');
    await expectError(sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId: uniqueName('none') })), ResourceNotFoundException, 404);
  });

  it('CreateJobTemplate with jobArn copies the job document and configurations, a member given replaces the copied one; an unknown job is 404', async () => {
    const jobId = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({
        jobId,
        targets: [thingArn(uniqueName('t'))],
        document: '{"op":"copied"}',
        abortConfig,
        timeoutConfig: { inProgressTimeoutInMinutes: 5 },
      }),
    );
    const { jobArn } = (await sut.cp.send(new DescribeJobCommand({ jobId }))).job!;
    const jobTemplateId = uniqueName('tpl');
    await sut.cp.send(
      new CreateJobTemplateCommand({ jobTemplateId, jobArn, description: 'from a job', timeoutConfig: { inProgressTimeoutInMinutes: 60 } }),
    );
    const described = await sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId }));
    assert.equal(described.document, '{"op":"copied"}');
    assert.deepEqual(described.abortConfig, abortConfig);
    assert.deepEqual(described.timeoutConfig, { inProgressTimeoutInMinutes: 60 });
    assert.equal(described.jobExecutionsRetryConfig, undefined);

    const unknownJob = jobArn!.replace(jobId, uniqueName('gone'));
    await expectError(
      sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), jobArn: unknownJob, description: 'x' })),
      ResourceNotFoundException,
      404,
    );
    const malformed = await expectError(
      sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), jobArn: 'not-an-arn', description: 'x' })),
      InvalidRequestException,
      400,
    );
    assert.match(malformed.message, /not a job ARN/);
  });

  it('CreateJobTemplate refuses the members it does not honour by name, and needs a document and a description', async () => {
    const refused: Array<[string, Record<string, unknown>]> = [
      ['documentSource', { documentSource: 's3://bucket/doc.json' }],
      ['presignedUrlConfig', { presignedUrlConfig: { expiresInSec: 60 } }],
      ['jobExecutionsRolloutConfig', { jobExecutionsRolloutConfig: { maximumPerMinute: 10 } }],
      ['destinationPackageVersions', { destinationPackageVersions: ['arn:aws:iot:us-east-1:123456789012:package/p/version/1'] }],
    ];
    for (const [member, extra] of refused) {
      const call = sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), description: 'd', document: '{}', ...extra }));
      const error = await expectError(call, InvalidRequestException, 400);
      assert.match(error.message, new RegExp(`${member} is not supported by this service`));
    }
    const noDocument = await expectError(
      sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), description: 'd' })),
      InvalidRequestException,
      400,
    );
    assert.match(noDocument.message, /'document'/);
    const noDescription = await expectError(
      sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), document: '{}' } as never)),
      InvalidRequestException,
      400,
    );
    assert.match(noDescription.message, /'description'/);
  });

  it('ListJobTemplates pages in creation order with an opaque nextToken; DeleteJobTemplate removes one and a second delete is 404', async () => {
    const ids = [uniqueName('list'), uniqueName('list'), uniqueName('list')];
    for (const jobTemplateId of ids)
      await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: `d ${jobTemplateId}`, document: '{}' }));
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sut.cp.send(new ListJobTemplatesCommand({ maxResults: 2, ...(nextToken ? { nextToken } : {}) }));
      assert.ok((page.jobTemplates ?? []).length <= 2);
      for (const summary of page.jobTemplates ?? []) {
        assert.equal(summary.jobTemplateArn?.endsWith(`/${summary.jobTemplateId}`), true);
        if (ids.includes(summary.jobTemplateId!)) assert.equal(summary.description, `d ${summary.jobTemplateId}`);
        assert.ok(summary.createdAt instanceof Date);
        seen.push(summary.jobTemplateId!);
      }
      nextToken = page.nextToken;
      if (nextToken) assert.doesNotMatch(nextToken, /^\d+$/, 'the token is not the raw position');
    } while (nextToken);
    assert.deepEqual(
      seen.filter((id) => ids.includes(id)),
      ids,
    );

    await sut.cp.send(new DeleteJobTemplateCommand({ jobTemplateId: ids[1]! }));
    await expectError(sut.cp.send(new DescribeJobTemplateCommand({ jobTemplateId: ids[1]! })), ResourceNotFoundException, 404);
    const after = await sut.cp.send(new ListJobTemplatesCommand({ maxResults: 250 }));
    assert.deepEqual(
      (after.jobTemplates ?? []).map((t) => t.jobTemplateId).filter((id) => ids.includes(id!)),
      [ids[0], ids[2]],
    );
    await expectError(sut.cp.send(new DeleteJobTemplateCommand({ jobTemplateId: ids[1]! })), ResourceNotFoundException, 404);
    const badToken = await expectError(sut.cp.send(new ListJobTemplatesCommand({ nextToken: 'abc' })), InvalidRequestException, 400);
    assert.match(badToken.message, /invalid nextToken/);
  });

  it('CreateJob with jobTemplateArn takes the template document and configurations, a member given replaces one whole, and DescribeJob echoes jobTemplateArn', async () => {
    const jobTemplateId = uniqueName('tpl');
    const { jobTemplateArn } = await sut.cp.send(
      new CreateJobTemplateCommand({
        jobTemplateId,
        description: 't',
        document: '{"op":"from-template"}',
        abortConfig,
        timeoutConfig: { inProgressTimeoutInMinutes: 15 },
      }),
    );
    const [jobId, thing] = [uniqueName('job'), uniqueName('t')];
    const timeoutConfig = { inProgressTimeoutInMinutes: 45 };
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(thing)], jobTemplateArn, timeoutConfig, description: 'job own' }));
    const described = await sut.cp.send(new DescribeJobCommand({ jobId }));
    assert.equal(described.job?.jobTemplateArn, jobTemplateArn);
    assert.deepEqual(described.job?.abortConfig, abortConfig);
    assert.deepEqual(described.job?.timeoutConfig, timeoutConfig);
    assert.equal(described.job?.description, 'job own');
    assert.equal((await sut.cp.send(new GetJobDocumentCommand({ jobId }))).document, '{"op":"from-template"}');
    const started = await sut.dp.send(new StartNextPendingJobExecutionCommand({ thingName: thing }));
    assert.equal(started.execution?.jobDocument, '{"op":"from-template"}');

    await sut.cp.send(new DeleteJobTemplateCommand({ jobTemplateId }));
    assert.equal((await sut.cp.send(new DescribeJobCommand({ jobId }))).job?.jobTemplateArn, jobTemplateArn, 'jobs keep what they copied');
  });

  it('CreateJob with jobTemplateArn: a document too is 400, an unknown template 404, a malformed ARN 400, and nothing is created', async () => {
    const jobTemplateId = uniqueName('tpl');
    const { jobTemplateArn } = await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 't', document: '{}' }));
    const targets = [thingArn(uniqueName('t'))];
    const jobId = uniqueName('job');
    const both = await expectError(
      sut.cp.send(new CreateJobCommand({ jobId, targets, jobTemplateArn, document: '{}' })),
      InvalidRequestException,
      400,
    );
    assert.match(both.message, /document cannot be given together with jobTemplateArn/);
    await expectError(
      sut.cp.send(new CreateJobCommand({ jobId, targets, jobTemplateArn: templateArnOf(uniqueName('none')) })),
      ResourceNotFoundException,
      404,
    );
    const malformed = await expectError(
      sut.cp.send(new CreateJobCommand({ jobId, targets, jobTemplateArn: 'arn:aws:iot:us-east-1:123456789012:job/x' })),
      InvalidRequestException,
      400,
    );
    assert.match(malformed.message, /not a job template ARN/);
    await expectError(sut.cp.send(new DescribeJobCommand({ jobId })), ResourceNotFoundException, 404);
  });

  it('managed templates: this service ships none, so the list is empty and DescribeManagedJobTemplate is 404', async () => {
    const listed = await sut.cp.send(new ListManagedJobTemplatesCommand({ templateName: 'AWS-Download-File', maxResults: 10 }));
    assert.deepEqual(listed.managedJobTemplates, []);
    assert.equal(listed.nextToken, undefined);
    await expectError(
      sut.cp.send(new DescribeManagedJobTemplateCommand({ templateName: 'AWS-Download-File', templateVersion: '1.0' })),
      ResourceNotFoundException,
      404,
    );
  });
});
