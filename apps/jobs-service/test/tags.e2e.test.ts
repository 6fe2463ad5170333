import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  CreateJobCommand,
  CreateJobTemplateCommand,
  CreateThingGroupCommand,
  DeleteJobCommand,
  DeleteJobTemplateCommand,
  DeleteThingGroupCommand,
  DescribeJobCommand,
  DescribeThingGroupCommand,
  InvalidRequestException,
  LimitExceededException,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-iot';
import { pollUntil, sdkError, startServiceUnderTest, thingArn, uniqueName, type ServiceUnderTest } from '#testing';

/** Tags of jobs, job templates and thing groups through the SDK (docs/aws-behaviour.md §20). */
describe('tags on jobs, job templates and thing groups', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest();
  });
  after(() => sut.stop());

  const arn = (type: string, id: string) => `arn:aws:iot:us-east-1:123456789012:${type}/${id}`;
  const tagsOf = async (resourceArn: string) => (await sut.cp.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
  const expectError = async (call: Promise<unknown>, type: abstract new (...args: never[]) => Error, status: number, message?: RegExp) => {
    const error = await sdkError(call);
    assert.ok(error instanceof type, `${error.name}: ${error.message}`);
    assert.equal(error.$metadata.httpStatusCode, status);
    if (message) assert.match(error.message, message);
  };
  const createJob = async (tags?: Array<{ Key: string; Value: string }>) => {
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(uniqueName('t'))], document: '{}', ...(tags ? { tags } : {}) }));
    return jobId;
  };

  it("CreateJob and CreateJobTemplate keep their tags; a template's tags are not inherited by its jobs", async () => {
    const jobId = await createJob([
      { Key: 'team', Value: 'ops' },
      { Key: 'Zone', Value: '' },
    ]);
    assert.deepEqual(await tagsOf(arn('job', jobId)), [
      { Key: 'team', Value: 'ops' },
      { Key: 'Zone', Value: '' },
    ]);
    const jobTemplateId = uniqueName('tpl');
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'fw', document: '{}', tags: [{ Key: 'owner', Value: 'fleet' }] }));
    assert.deepEqual(await tagsOf(arn('jobtemplate', jobTemplateId)), [{ Key: 'owner', Value: 'fleet' }]);
    const fromTemplate = uniqueName('job');
    await sut.cp.send(
      new CreateJobCommand({ jobId: fromTemplate, targets: [thingArn(uniqueName('t'))], jobTemplateArn: arn('jobtemplate', jobTemplateId) }),
    );
    assert.deepEqual(await tagsOf(arn('job', fromTemplate)), []);

    const tooMany = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const refusedId = uniqueName('job');
    const refused = sut.cp.send(new CreateJobCommand({ jobId: refusedId, targets: [thingArn('t1')], document: '{}', tags: tooMany }));
    await expectError(refused, LimitExceededException, 410, /at most 50 tags/);
    await expectError(sut.cp.send(new DescribeJobCommand({ jobId: refusedId })), ResourceNotFoundException, 404);
    const reserved = sut.cp.send(
      new CreateJobTemplateCommand({ jobTemplateId: uniqueName('tpl'), description: 'x', document: '{}', tags: [{ Key: 'aws:owner', Value: 'x' }] }),
    );
    await expectError(reserved, InvalidRequestException, 400, /reserved prefix aws:/);
  });

  it('TagResource adds and overwrites, UntagResource removes, ListTagsForResource lists all Key/Value in one page', async () => {
    const jobId = await createJob([{ Key: 'team', Value: 'ops' }]);
    const resourceArn = arn('job', jobId);
    await sut.cp.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { Key: 'team', Value: 'platform' },
          { Key: 'Team', Value: 'case matters' },
          { Key: 'ünïcode é/=+-@_.:', Value: '' },
        ],
      }),
    );
    assert.deepEqual(await tagsOf(resourceArn), [
      { Key: 'team', Value: 'platform' },
      { Key: 'Team', Value: 'case matters' },
      { Key: 'ünïcode é/=+-@_.:', Value: '' },
    ]);
    await sut.cp.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team', 'absent'] }));
    const page = await sut.cp.send(new ListTagsForResourceCommand({ resourceArn }));
    assert.deepEqual(page.tags, [
      { Key: 'Team', Value: 'case matters' },
      { Key: 'ünïcode é/=+-@_.:', Value: '' },
    ]);
    assert.equal(page.nextToken, undefined);

    // 48 more make 50 (the limit), one more is LimitExceeded and changes nothing.
    const fill = Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    await sut.cp.send(new TagResourceCommand({ resourceArn, tags: fill }));
    const full = await sut.cp.send(new ListTagsForResourceCommand({ resourceArn, nextToken: 'ignored' }));
    assert.equal(full.tags?.length, 50);
    assert.equal(full.nextToken, undefined);
    await expectError(sut.cp.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'one-more', Value: 'x' }] })), LimitExceededException, 410);
    await sut.cp.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'k0', Value: 'overwritten' }] }));
    const after = await tagsOf(resourceArn);
    assert.equal(after?.length, 50);
    assert.deepEqual(
      after?.find((tag) => tag.Key === 'k0'),
      { Key: 'k0', Value: 'overwritten' },
    );

    const templateArn = arn('jobtemplate', uniqueName('tpl'));
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId: templateArn.split('/')[1]!, description: 'fw', document: '{}' }));
    await sut.cp.send(
      new TagResourceCommand({
        resourceArn: templateArn,
        tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await sut.cp.send(new UntagResourceCommand({ resourceArn: templateArn, tagKeys: ['a'] }));
    assert.deepEqual(await tagsOf(templateArn), [{ Key: 'b', Value: '2' }]);
  });

  it('bad keys, values and ARNs are 400, unknown resources 404, and neither changes anything', async () => {
    const jobId = await createJob([{ Key: 'keep', Value: 'me' }]);
    const resourceArn = arn('job', jobId);
    const tag = (tags: Array<{ Key: string; Value?: string }>) => sut.cp.send(new TagResourceCommand({ resourceArn, tags: tags as never }));
    await expectError(tag([{ Key: 'aws:team', Value: 'x' }]), InvalidRequestException, 400, /reserved prefix/);
    await expectError(tag([{ Key: 'AWS:team', Value: 'x' }]), InvalidRequestException, 400, /reserved prefix/);
    await expectError(tag([{ Key: '', Value: 'x' }]), InvalidRequestException, 400, /1–128/);
    await expectError(tag([{ Key: 'k'.repeat(129), Value: 'x' }]), InvalidRequestException, 400, /1–128/);
    await expectError(tag([{ Key: 'semi;colon', Value: 'x' }]), InvalidRequestException, 400, /may hold only/);
    await expectError(tag([{ Key: 'long', Value: 'v'.repeat(257) }]), InvalidRequestException, 400, /at most 256/);
    await expectError(sut.cp.send(new UntagResourceCommand({ resourceArn, tagKeys: ['aws:x'] })), InvalidRequestException, 400);
    await tag([
      { Key: 'max', Value: 'v'.repeat(256) },
      { Key: 'k'.repeat(128), Value: 'x' },
    ]);
    assert.equal((await tagsOf(resourceArn))?.length, 3);

    const tagArn = (arnText: string) => sut.cp.send(new TagResourceCommand({ resourceArn: arnText, tags: [{ Key: 'a', Value: 'b' }] }));
    await expectError(tagArn(arn('thing', 'sensor-1')), InvalidRequestException, 400, /Things cannot be tagged/);
    await expectError(tagArn(arn('thinggroup', 'bad group')), InvalidRequestException, 400, /not the ARN of a thing group/);
    await expectError(tagArn('not-an-arn'), InvalidRequestException, 400);
    await expectError(tagArn(`arn:aws:iot:eu-west-1:123456789012:job/${jobId}`), InvalidRequestException, 400, /account and region/);
    await expectError(tagArn(`arn:aws:iot:us-east-1:999999999999:job/${jobId}`), InvalidRequestException, 400, /account and region/);
    await expectError(tagArn(arn('job', uniqueName('none'))), ResourceNotFoundException, 404);
    await expectError(tagArn(arn('jobtemplate', uniqueName('none'))), ResourceNotFoundException, 404);
    const untagUnknown = sut.cp.send(new UntagResourceCommand({ resourceArn: arn('job', uniqueName('none')), tagKeys: ['a'] }));
    await expectError(untagUnknown, ResourceNotFoundException, 404);
    const listUnknown = sut.cp.send(new ListTagsForResourceCommand({ resourceArn: arn('jobtemplate', uniqueName('none')) }));
    await expectError(listUnknown, ResourceNotFoundException, 404);
    await expectError(sut.cp.send(new ListTagsForResourceCommand({ resourceArn: arn('thing', 'x') })), InvalidRequestException, 400);
    assert.equal((await tagsOf(resourceArn))?.length, 3);
  });

  it('deleting a job or a template deletes its tags: a re-created id starts with none', async () => {
    const jobId = await createJob([{ Key: 'team', Value: 'ops' }]);
    await sut.cp.send(new DeleteJobCommand({ jobId, force: true }));
    await pollUntil(async () => {
      const gone = await sdkError(sut.cp.send(new DescribeJobCommand({ jobId }))).catch(() => undefined);
      return gone instanceof ResourceNotFoundException ? true : undefined;
    });
    await expectError(sut.cp.send(new ListTagsForResourceCommand({ resourceArn: arn('job', jobId) })), ResourceNotFoundException, 404);
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(uniqueName('t'))], document: '{}' }));
    assert.deepEqual(await tagsOf(arn('job', jobId)), []);

    const jobTemplateId = uniqueName('tpl');
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'fw', document: '{}', tags: [{ Key: 'a', Value: '1' }] }));
    await sut.cp.send(new DeleteJobTemplateCommand({ jobTemplateId }));
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'fw', document: '{}' }));
    assert.deepEqual(await tagsOf(arn('jobtemplate', jobTemplateId)), []);
  });

  it('thing groups: CreateThingGroup tags, TagResource, UntagResource and ListTagsForResource on the group ARN', async () => {
    const thingGroupName = uniqueName('g');
    const { thingGroupArn } = await sut.cp.send(
      new CreateThingGroupCommand({
        thingGroupName,
        tags: [
          { Key: 'team', Value: 'ops' },
          { Key: 'site', Value: 'berlin' },
        ],
      }),
    );
    assert.equal(thingGroupArn, arn('thinggroup', thingGroupName));
    assert.deepEqual(await tagsOf(thingGroupArn!), [
      { Key: 'team', Value: 'ops' },
      { Key: 'site', Value: 'berlin' },
    ]);
    await sut.cp.send(
      new TagResourceCommand({
        resourceArn: thingGroupArn,
        tags: [
          { Key: 'site', Value: 'munich' },
          { Key: 'zone', Value: '' },
        ],
      }),
    );
    await sut.cp.send(new UntagResourceCommand({ resourceArn: thingGroupArn, tagKeys: ['team', 'absent'] }));
    assert.deepEqual(await tagsOf(thingGroupArn!), [
      { Key: 'site', Value: 'munich' },
      { Key: 'zone', Value: '' },
    ]);
    const described = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName }));
    assert.equal(described.version, 1, 'tags are no change of the group as DescribeThingGroup shows it');

    const tag = (tags: Array<{ Key: string; Value: string }>) => sut.cp.send(new TagResourceCommand({ resourceArn: thingGroupArn, tags }));
    await expectError(tag([{ Key: 'aws:team', Value: 'x' }]), InvalidRequestException, 400, /reserved prefix/);
    await tag(Array.from({ length: 48 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })));
    assert.equal((await tagsOf(thingGroupArn!))?.length, 50);
    await expectError(tag([{ Key: 'one-more', Value: 'v' }]), LimitExceededException, 410);
    assert.equal((await tagsOf(thingGroupArn!))?.length, 50);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    await expectError(
      sut.cp.send(new CreateThingGroupCommand({ thingGroupName: uniqueName('g'), tags: fiftyOne })),
      InvalidRequestException,
      400,
      /at most 50 tags/,
    );
    const reserved = sut.cp.send(new CreateThingGroupCommand({ thingGroupName: uniqueName('g'), tags: [{ Key: 'aws:x', Value: 'v' }] }));
    await expectError(reserved, InvalidRequestException, 400, /reserved prefix/);

    const unknown = arn('thinggroup', uniqueName('none'));
    await expectError(
      sut.cp.send(new TagResourceCommand({ resourceArn: unknown, tags: [{ Key: 'a', Value: 'b' }] })),
      ResourceNotFoundException,
      404,
    );
    await expectError(sut.cp.send(new UntagResourceCommand({ resourceArn: unknown, tagKeys: ['a'] })), ResourceNotFoundException, 404);
    await expectError(sut.cp.send(new ListTagsForResourceCommand({ resourceArn: unknown })), ResourceNotFoundException, 404);
  });

  it('deleting a thing group deletes its tags: a group created again under the name starts with none', async () => {
    const thingGroupName = uniqueName('g');
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName, tags: [{ Key: 'team', Value: 'ops' }] }));
    await sut.cp.send(new TagResourceCommand({ resourceArn: arn('thinggroup', thingGroupName), tags: [{ Key: 'zone', Value: 'a' }] }));
    await sut.cp.send(new DeleteThingGroupCommand({ thingGroupName }));
    await expectError(
      sut.cp.send(new ListTagsForResourceCommand({ resourceArn: arn('thinggroup', thingGroupName) })),
      ResourceNotFoundException,
      404,
    );
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName }));
    assert.deepEqual(await tagsOf(arn('thinggroup', thingGroupName)), []);
  });
});
