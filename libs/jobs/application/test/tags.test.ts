import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CreateJobTemplateCommand,
  DeleteJobTemplateCommand,
  ListTagsForResourceQuery,
  TagResourceCommand,
  UntagResourceCommand,
} from '#jobs/application';
import { jobTemplateStreamId } from '#jobs/domain';
import { createJob, jobStream, OPERATOR } from './support/messages.js';
import { createGroup, deleteGroup, groupStream } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const JOB_ARN = (id: string) => `arn:aws:iot:eu-west-1:123456789012:job/${id}`;
const TEMPLATE_ARN = (id: string) => `arn:aws:iot:eu-west-1:123456789012:jobtemplate/${id}`;
const GROUP_ARN = (name: string) => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${name}`;
const tag = (resourceArn: string, ...tags: Array<[string, string]>) =>
  new TagResourceCommand({ resourceArn, tags: tags.map(([key, value]) => ({ key, value })), actor: OPERATOR });
const untag = (resourceArn: string, ...tagKeys: string[]) => new UntagResourceCommand({ resourceArn, tagKeys, actor: OPERATOR });
const list = (resourceArn: string) => new ListTagsForResourceQuery({ resourceArn });

describe('TagResource and UntagResource on a job', () => {
  it('append JobTagged / JobUntagged on the job stream with only what changed; ListTagsForResource shows the result', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['t1'], { tags: [{ key: 'team', value: 'ops' }] }));
    const tagged = await app.when(tag(JOB_ARN('job-1'), ['team', 'ops'], ['zone', '']));
    tagged.thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobTagged',
        data: { jobId: 'job-1', status: 'IN_PROGRESS', at: T0.toISOString(), actor: OPERATOR, tags: [{ key: 'zone', value: '' }] },
      },
    ]);
    (await app.when(tag(JOB_ARN('job-1'), ['team', 'ops']))).thenNothingAppended();
    const untagged = await app.when(untag(JOB_ARN('job-1'), 'team', 'absent'));
    untagged.thenAppended([
      {
        streamId: jobStream('job-1'),
        type: 'JobUntagged',
        data: { jobId: 'job-1', status: 'IN_PROGRESS', at: T0.toISOString(), actor: OPERATOR, tagKeys: ['team'] },
      },
    ]);
    assert.deepEqual(await app.send(list(JOB_ARN('job-1'))), [{ key: 'zone', value: '' }]);
  });

  it('the 51st tag is LimitExceeded, also when another writer filled the job meanwhile', async () => {
    const app = new UseCaseApp();
    await app.given(createJob('job-1', ['t1']));
    const fifty = Array.from({ length: 50 }, (_, i): [string, string] => [`k${i}`, 'v']);
    await app.given(tag(JOB_ARN('job-1'), ...fifty));
    (await app.when(tag(JOB_ARN('job-1'), ['k51', 'v']))).thenFails('LimitExceeded');

    const racing = new UseCaseApp();
    await racing.given(createJob('job-2', ['t1']));
    await racing.given(tag(JOB_ARN('job-2'), ...fifty.slice(0, 49)));
    racing.store.interfere(() => racing.send(tag(JOB_ARN('job-2'), ['winner', 'x'])));
    (await racing.when(tag(JOB_ARN('job-2'), ['loser', 'x']))).thenFailsAfterOthersWrote('LimitExceeded');
    assert.equal((await racing.send(list(JOB_ARN('job-2')))).length, 50);
  });

  it('refuses thing, malformed and foreign ARNs (InvalidRequest) and unknown resources (ResourceNotFound)', async () => {
    const app = new UseCaseApp();
    for (const arn of [
      'arn:aws:iot:eu-west-1:123456789012:thing/t1',
      'arn:aws:iot:eu-west-1:123456789012:policy/p1',
      'job-1',
      'arn:aws:iot:us-east-1:123456789012:job/job-1',
      'arn:aws:iot:eu-west-1:000000000000:job/job-1',
    ]) {
      (await app.when(tag(arn, ['a', 'b']))).thenFails('InvalidRequest');
      (await app.when(list(arn))).thenFails('InvalidRequest');
    }
    (await app.when(tag(JOB_ARN('none'), ['a', 'b']))).thenFails('ResourceNotFound');
    (await app.when(untag(TEMPLATE_ARN('none'), 'a'))).thenFails('ResourceNotFound');
    (await app.when(list(JOB_ARN('none')))).thenFails('ResourceNotFound');
    (await app.when(tag(GROUP_ARN('none'), ['a', 'b']))).thenFails('ResourceNotFound');
    (await app.when(untag(GROUP_ARN('none'), 'a'))).thenFails('ResourceNotFound');
    (await app.when(list(GROUP_ARN('none')))).thenFails('ResourceNotFound');
  });
});

describe('Tags of a thing group', () => {
  it('CreateThingGroup records its tags; TagResource / UntagResource append ThingGroupTagged / ThingGroupUntagged; the version stays', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet', { tags: [{ Key: 'team', Value: 'ops' }, { Key: 'site' }] }));
    assert.deepEqual(await app.send(list(GROUP_ARN('fleet'))), [
      { key: 'team', value: 'ops' },
      { key: 'site', value: '' },
    ]);
    (await app.when(tag(GROUP_ARN('fleet'), ['team', 'ops'], ['zone', 'a']))).thenAppendedMatching([
      {
        streamId: groupStream('fleet'),
        type: 'ThingGroupTagged',
        data: { thingGroupName: 'fleet', tags: [{ key: 'zone', value: 'a' }], actor: OPERATOR },
      },
    ]);
    (await app.when(untag(GROUP_ARN('fleet'), 'site', 'absent'))).thenAppendedMatching([
      { streamId: groupStream('fleet'), type: 'ThingGroupUntagged', data: { tagKeys: ['site'] } },
    ]);
    (await app.when(untag(GROUP_ARN('fleet'), 'site'))).thenNothingAppended();
    assert.deepEqual(await app.send(list(GROUP_ARN('fleet'))), [
      { key: 'team', value: 'ops' },
      { key: 'zone', value: 'a' },
    ]);
    assert.equal((await app.registry.findGroup('fleet'))?.version, 1);
  });

  it('the 51st tag is LimitExceeded, also when another writer filled the group meanwhile; the aws: prefix is InvalidRequest', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    const fifty = Array.from({ length: 50 }, (_, i): [string, string] => [`k${i}`, 'v']);
    await app.given(tag(GROUP_ARN('fleet'), ...fifty.slice(0, 49)));
    app.store.interfere(() => app.send(tag(GROUP_ARN('fleet'), ['winner', 'x'])));
    (await app.when(tag(GROUP_ARN('fleet'), ['loser', 'x']))).thenFailsAfterOthersWrote('LimitExceeded');
    assert.equal((await app.send(list(GROUP_ARN('fleet')))).length, 50);
    (await app.when(tag(GROUP_ARN('fleet'), ['aws:x', 'y']))).thenFails('InvalidRequest');
    (await app.when(untag(GROUP_ARN('fleet'), 'AWS:x'))).thenFails('InvalidRequest');
  });

  it('CreateThingGroup refuses more than 50 tags and the aws: prefix (InvalidRequest: it models no LimitExceeded)', async () => {
    const app = new UseCaseApp();
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    (await app.when(createGroup('fleet', { tags: fiftyOne }))).thenFails('InvalidRequest');
    (await app.when(createGroup('fleet', { tags: [{ Key: 'aws:team', Value: 'x' }] }))).thenFails('InvalidRequest');
    (await app.when(createGroup('fleet', { tags: fiftyOne.slice(0, 50) }))).thenAppendedMatching([
      { streamId: groupStream('fleet'), type: 'ThingGroupCreated', data: {} },
    ]);
  });

  it('deleting the group deletes its tags: a group created again under the name starts with none', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet', { tags: [{ Key: 'team', Value: 'ops' }] }), tag(GROUP_ARN('fleet'), ['zone', 'a']), deleteGroup('fleet'));
    (await app.when(list(GROUP_ARN('fleet')))).thenFails('ResourceNotFound');
    await app.given(createGroup('fleet'));
    assert.deepEqual(await app.send(list(GROUP_ARN('fleet'))), []);
  });
});

describe('Tags of a job template', () => {
  it('CreateJobTemplate records its tags; TagResource appends JobTemplateTagged; deleting the template deletes them', async () => {
    const app = new UseCaseApp();
    const create = new CreateJobTemplateCommand({
      jobTemplateId: 'tpl-1',
      description: 'fw',
      document: '{}',
      tags: [{ key: 'a', value: '1' }],
      actor: OPERATOR,
    });
    const created = await app.when(create);
    created.thenAppendedMatching([
      { streamId: jobTemplateStreamId('tpl-1'), type: 'JobTemplateCreated', data: { tags: [{ key: 'a', value: '1' }] } },
    ]);
    (await app.when(tag(TEMPLATE_ARN('tpl-1'), ['a', '2']))).thenAppended([
      {
        streamId: jobTemplateStreamId('tpl-1'),
        type: 'JobTemplateTagged',
        data: { jobTemplateId: 'tpl-1', at: T0.toISOString(), actor: OPERATOR, tags: [{ key: 'a', value: '2' }] },
      },
    ]);
    assert.deepEqual(await app.send(list(TEMPLATE_ARN('tpl-1'))), [{ key: 'a', value: '2' }]);
    await app.given(new DeleteJobTemplateCommand({ jobTemplateId: 'tpl-1', actor: OPERATOR }));
    (await app.when(list(TEMPLATE_ARN('tpl-1')))).thenFails('ResourceNotFound');
    await app.given(new CreateJobTemplateCommand({ jobTemplateId: 'tpl-1', description: 'fw', document: '{}', actor: OPERATOR }));
    assert.deepEqual(await app.send(list(TEMPLATE_ARN('tpl-1'))), []);
  });
});
