import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateJobTemplateCommand, DeleteJobTemplateCommand, DescribeJobTemplateQuery, ListJobTemplatesQuery } from '#jobs/application';
import { jobTemplateStreamId } from '#jobs/domain';
import { createJob, DOCUMENT, jobStream, minutesAfter, OPERATOR } from './support/messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const TEMPLATE_ARN = (id: string) => `arn:aws:iot:eu-west-1:123456789012:jobtemplate/${id}`;
const abortConfig = {
  criteriaList: [{ failureType: 'ALL' as const, action: 'CANCEL' as const, thresholdPercentage: 40, minNumberOfExecutedThings: 3 }],
};
const createTemplate = (jobTemplateId: string, input: Partial<CreateJobTemplateCommand['input']> = {}) =>
  new CreateJobTemplateCommand({ jobTemplateId, description: 'firmware', document: '{"op":"flash"}', actor: OPERATOR, ...input });

describe('CreateJobTemplate', () => {
  it('appends JobTemplateCreated on the template stream and answers its ARN', async () => {
    const app = new UseCaseApp();
    const outcome = await app.when(createTemplate('tpl-1', { abortConfig }));
    const result = outcome.thenAppended([
      {
        streamId: jobTemplateStreamId('tpl-1'),
        type: 'JobTemplateCreated',
        data: { jobTemplateId: 'tpl-1', at: T0.toISOString(), actor: OPERATOR, description: 'firmware', document: '{"op":"flash"}', abortConfig },
      },
    ]);
    assert.deepEqual(result, { jobTemplateArn: TEMPLATE_ARN('tpl-1'), jobTemplateId: 'tpl-1' });
    const view = await app.send(new DescribeJobTemplateQuery({ jobTemplateId: 'tpl-1' }));
    assert.deepEqual(view, {
      jobTemplateId: 'tpl-1',
      jobTemplateArn: TEMPLATE_ARN('tpl-1'),
      description: 'firmware',
      document: '{"op":"flash"}',
      abortConfig,
      createdAt: T0,
    });
  });

  it('a taken id is Conflict naming it; a lost race decides again on the winner and is Conflict too', async () => {
    const app = new UseCaseApp();
    await app.given(createTemplate('tpl-1'));
    const taken = (await app.when(createTemplate('tpl-1', { description: 'other' }))).thenFails('Conflict');
    assert.equal(taken.details['resourceId'], 'tpl-1');

    const racing = new UseCaseApp();
    racing.store.interfere(() => racing.send(createTemplate('tpl-2', { description: 'winner' })));
    (await racing.when(createTemplate('tpl-2', { description: 'loser' }))).thenFailsAfterOthersWrote('Conflict');
    assert.equal((await racing.send(new DescribeJobTemplateQuery({ jobTemplateId: 'tpl-2' }))).description, 'winner');
  });

  it('with jobArn copies the job document and configurations; members given replace them; an unknown job is ResourceNotFound', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['thing-a'], { abortConfig, timeoutConfig: { inProgressTimeoutInMinutes: 5 } }));
    const jobArn = 'arn:aws:iot:eu-west-1:123456789012:job/job-1';
    const outcome = await app.when(createTemplate('tpl-1', { jobArn, document: undefined, timeoutConfig: { inProgressTimeoutInMinutes: 9 } }));
    outcome.thenAppendedMatching([
      {
        streamId: jobTemplateStreamId('tpl-1'),
        type: 'JobTemplateCreated',
        data: { document: DOCUMENT, abortConfig, timeoutConfig: { inProgressTimeoutInMinutes: 9 }, copiedFromJobId: 'job-1' },
      },
    ]);
    (await app.when(createTemplate('tpl-2', { jobArn: jobArn.replace('job-1', 'job-9') }))).thenFails('ResourceNotFound');
    (await app.when(createTemplate('tpl-3', { jobArn: 'job-1' }))).thenFails('InvalidRequest');
  });
});

describe('DeleteJobTemplate, ListJobTemplates', () => {
  it('lists in creation order with a cursor; delete removes one, a second delete is ResourceNotFound', async () => {
    const app = new UseCaseApp();
    await app.given(createTemplate('a'), createTemplate('b'), createTemplate('c'));
    const first = await app.send(new ListJobTemplatesQuery({ maxResults: 2 }));
    assert.deepEqual(
      first.items.map((t) => t.jobTemplateId),
      ['a', 'b'],
    );
    const second = await app.send(new ListJobTemplatesQuery({ maxResults: 2, cursor: first.nextCursor! }));
    assert.deepEqual(
      second.items.map((t) => t.jobTemplateId),
      ['c'],
    );
    assert.equal(second.nextCursor, undefined);

    app.clock.set(minutesAfter(T0, 1));
    (await app.when(new DeleteJobTemplateCommand({ jobTemplateId: 'b', actor: OPERATOR }))).thenAppended([
      {
        streamId: jobTemplateStreamId('b'),
        type: 'JobTemplateDeleted',
        data: { jobTemplateId: 'b', at: minutesAfter(T0, 1).toISOString(), actor: OPERATOR },
      },
    ]);
    assert.deepEqual(
      (await app.send(new ListJobTemplatesQuery({ maxResults: 10 }))).items.map((t) => t.jobTemplateId),
      ['a', 'c'],
    );
    (await app.when(new DeleteJobTemplateCommand({ jobTemplateId: 'b', actor: OPERATOR }))).thenFails('ResourceNotFound');
    (await app.when(new DescribeJobTemplateQuery({ jobTemplateId: 'b' }))).thenFails('ResourceNotFound');
  });
});

describe('CreateJob with jobTemplateArn', () => {
  it('takes the template document and configurations; a member given replaces the template one whole', async () => {
    const app = new UseCaseApp();
    await app.given(createTemplate('tpl-1', { abortConfig, timeoutConfig: { inProgressTimeoutInMinutes: 15 } }));
    const outcome = await app.when(
      createJob('job-1', ['thing-a'], {
        document: undefined,
        jobTemplateArn: TEMPLATE_ARN('tpl-1'),
        timeoutConfig: { inProgressTimeoutInMinutes: 45 },
      }),
    );
    outcome.thenAppendedMatching([
      {
        streamId: jobStream('job-1'),
        type: 'JobCreated',
        data: { document: '{"op":"flash"}', abortConfig, timeoutConfig: { inProgressTimeoutInMinutes: 45 }, jobTemplateArn: TEMPLATE_ARN('tpl-1') },
      },
      { streamId: 'job-execution/job-1/thing-a', type: 'JobExecutionQueued', data: { timeoutConfig: { inProgressTimeoutInMinutes: 45 } } },
    ]);
  });

  it('refuses a document too, an unknown template and a malformed ARN, appending nothing', async () => {
    const app = new UseCaseApp();
    await app.given(createTemplate('tpl-1'));
    (await app.when(createJob('job-1', ['thing-a'], { jobTemplateArn: TEMPLATE_ARN('tpl-1') }))).thenFails('InvalidRequest');
    (await app.when(createJob('job-1', ['thing-a'], { document: undefined, jobTemplateArn: TEMPLATE_ARN('none') }))).thenFails('ResourceNotFound');
    (await app.when(createJob('job-1', ['thing-a'], { document: undefined, jobTemplateArn: 'arn:aws:iot:eu-west-1:1:jobtemplate/x' }))).thenFails(
      'InvalidRequest',
    );
  });
});
