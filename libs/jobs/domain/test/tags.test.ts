import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  jobDecider,
  jobTemplateDecider,
  parseTaggableArn,
  type JobCommand,
  type JobEvent,
  type JobTemplateCommand,
  type JobTemplateEvent,
  type ResourceTag,
} from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const jobs = deciderSpec(jobDecider);
const templates = deciderSpec(jobTemplateDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const T1 = new Date('2026-01-01T01:00:00.000Z');
const actor = 'admin';
const t = (key: string, value = ''): ResourceTag => ({ key, value });
const many = (n: number, prefix = 'k'): ResourceTag[] => Array.from({ length: n }, (_, i) => t(`${prefix}${i}`, 'v'));

const created = (tags?: ResourceTag[]): JobEvent => ({
  type: 'JobCreated',
  data: {
    jobId: 'job-1',
    status: 'IN_PROGRESS',
    at: T0.toISOString(),
    actor,
    targets: ['arn:aws:iot:eu-west-1:123456789012:thing/a'],
    targetSelection: 'SNAPSHOT',
    document: '{}',
    ...(tags ? { tags } : {}),
  },
});
const createJob = (tags: ResourceTag[]): JobCommand => ({
  type: 'CreateJob',
  data: { jobId: 'job-1', targets: ['arn:aws:iot:eu-west-1:123456789012:thing/a'], document: '{}', tags, actor, now: T0 },
});
const tagJob = (...tags: ResourceTag[]): JobCommand => ({ type: 'TagJob', data: { tags, actor, now: T1 } });
const untagJob = (...tagKeys: string[]): JobCommand => ({ type: 'UntagJob', data: { tagKeys, actor, now: T1 } });
const jobTagged = (...tags: ResourceTag[]): JobEvent => ({
  type: 'JobTagged',
  data: { jobId: 'job-1', status: 'IN_PROGRESS', at: T1.toISOString(), actor, tags },
});
const jobUntagged = (...tagKeys: string[]): JobEvent => ({
  type: 'JobUntagged',
  data: { jobId: 'job-1', status: 'IN_PROGRESS', at: T1.toISOString(), actor, tagKeys },
});

describe('tags at CreateJob', () => {
  it('records them once per key (the last value wins), and not at all when none are given', () => {
    jobs
      .given([])
      .when(createJob([t('a', '1'), t('b'), t('a', '2')]))
      .then([created([t('a', '2'), t('b')])]);
    jobs.given([]).when(createJob([])).then([created()]);
  });

  it('refuses 51 tags (LimitExceeded) and keys or values outside the rules (InvalidRequest)', () => {
    jobs
      .given([])
      .when(createJob(many(51)))
      .thenThrows('LimitExceeded');
    jobs
      .given([])
      .when(createJob(many(50)))
      .then([created(many(50))]);
    for (const bad of [t('aws:x'), t('Aws:x'), t(''), t('k'.repeat(129)), t('semi;colon'), t('k', 'v'.repeat(257))]) {
      jobs
        .given([])
        .when(createJob([bad]))
        .thenThrows('InvalidRequest');
    }
    jobs
      .given([])
      .when(createJob([t('日本語 ü_.:/=+-@1'), t('k'.repeat(128), 'v'.repeat(256))]))
      .then([created([t('日本語 ü_.:/=+-@1'), t('k'.repeat(128), 'v'.repeat(256))])]);
  });
});

describe('TagJob and UntagJob', () => {
  it('given a tagged job, when tagging, then only the new keys and values are recorded', () => {
    jobs
      .given([created([t('a', '1')])])
      .when(tagJob(t('a', '1'), t('a', '2'), t('b')))
      .then([jobTagged(t('a', '2'), t('b'))]);
    jobs
      .given([created([t('a', '1')])])
      .when(tagJob(t('a', '1')))
      .then([]);
  });

  it('counts the keys the job keeps: 50 in all is allowed, 51 is LimitExceeded; an overwrite adds none', () => {
    jobs
      .given([created(many(49))])
      .when(tagJob(t('new')))
      .then([jobTagged(t('new'))]);
    jobs
      .given([created(many(49)), jobTagged(t('new'))])
      .when(tagJob(t('newer')))
      .thenThrows('LimitExceeded');
    jobs
      .given([created(many(50))])
      .when(tagJob(t('k0', 'changed')))
      .then([jobTagged(t('k0', 'changed'))]);
    jobs
      .given([created(many(50)), jobUntagged('k0')])
      .when(tagJob(t('again')))
      .then([jobTagged(t('again'))]);
  });

  it('untagging records only the keys the job holds; an aws: key is InvalidRequest', () => {
    jobs
      .given([created([t('a'), t('b')])])
      .when(untagJob('a', 'zz', 'a'))
      .then([jobUntagged('a')]);
    jobs
      .given([created([t('a')])])
      .when(untagJob('zz'))
      .then([]);
    jobs
      .given([created([t('a')])])
      .when(untagJob('aws:a'))
      .thenThrows('InvalidRequest');
  });

  it('a job that does not exist, or was deleted, is ResourceNotFound; a re-created one starts without tags', () => {
    jobs
      .given([])
      .when(tagJob(t('a')))
      .thenThrows('ResourceNotFound');
    const deleted: JobEvent[] = [
      {
        type: 'JobDeletionStarted',
        data: { jobId: 'job-1', status: 'DELETION_IN_PROGRESS', previousStatus: 'IN_PROGRESS', force: true, at: T1.toISOString(), actor },
      },
      { type: 'JobDeleted', data: { jobId: 'job-1', at: T1.toISOString(), actor } },
    ];
    jobs
      .given([created([t('a')]), ...deleted])
      .when(untagJob('a'))
      .thenThrows('ResourceNotFound');
    jobs
      .given([created([t('a')]), ...deleted, created()])
      .when(untagJob('a'))
      .then([]);
  });
});

describe('tags of a job template', () => {
  const templateCreated = (tags?: ResourceTag[]): JobTemplateEvent => ({
    type: 'JobTemplateCreated',
    data: { jobTemplateId: 'tpl-1', at: T0.toISOString(), actor, description: 'fw', document: '{}', ...(tags ? { tags } : {}) },
  });
  const tagTemplate = (...tags: ResourceTag[]): JobTemplateCommand => ({
    type: 'TagJobTemplate',
    data: { jobTemplateId: 'tpl-1', tags, actor, now: T1 },
  });
  const untagTemplate = (...tagKeys: string[]): JobTemplateCommand => ({
    type: 'UntagJobTemplate',
    data: { jobTemplateId: 'tpl-1', tagKeys, actor, now: T1 },
  });

  it('CreateJobTemplate records its tags; TagJobTemplate and UntagJobTemplate record the changes', () => {
    templates
      .given([])
      .when({ type: 'CreateJobTemplate', data: { jobTemplateId: 'tpl-1', description: 'fw', document: '{}', tags: [t('a', '1')], actor, now: T0 } })
      .then([templateCreated([t('a', '1')])]);
    templates
      .given([templateCreated([t('a', '1')])])
      .when(tagTemplate(t('a', '2')))
      .then([{ type: 'JobTemplateTagged', data: { jobTemplateId: 'tpl-1', at: T1.toISOString(), actor, tags: [t('a', '2')] } }]);
    templates
      .given([templateCreated([t('a', '1')])])
      .when(untagTemplate('a'))
      .then([{ type: 'JobTemplateUntagged', data: { jobTemplateId: 'tpl-1', at: T1.toISOString(), actor, tagKeys: ['a'] } }]);
    templates
      .given([templateCreated(many(50))])
      .when(tagTemplate(t('x')))
      .thenThrows('LimitExceeded');
    templates
      .given([])
      .when(tagTemplate(t('x')))
      .thenThrows('ResourceNotFound');
    const deleted: JobTemplateEvent = { type: 'JobTemplateDeleted', data: { jobTemplateId: 'tpl-1', at: T1.toISOString(), actor } };
    templates
      .given([templateCreated([t('a')]), deleted, templateCreated()])
      .when(untagTemplate('a'))
      .then([]);
  });
});

describe('parseTaggableArn', () => {
  it('names a job, a job template or a thing group; things, other types and malformed ARNs are InvalidRequest', () => {
    assert.deepEqual(parseTaggableArn('arn:aws:iot:eu-west-1:123456789012:job/job-1'), {
      kind: 'job',
      jobId: 'job-1',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    assert.deepEqual(parseTaggableArn('arn:aws:iot:eu-west-1:123456789012:jobtemplate/tpl_1'), {
      kind: 'jobTemplate',
      jobTemplateId: 'tpl_1',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    assert.deepEqual(parseTaggableArn('arn:aws:iot:eu-west-1:123456789012:thinggroup/fleet:eu_1-a'), {
      kind: 'thingGroup',
      thingGroupName: 'fleet:eu_1-a',
      region: 'eu-west-1',
      accountId: '123456789012',
    });
    for (const arn of [
      'arn:aws:iot:eu-west-1:123456789012:thing/t1',
      'arn:aws:iot:eu-west-1:123456789012:thinggroup/bad group',
      'arn:aws:iot:eu-west-1:123456789012:policy/p1',
      'arn:aws:iot:eu-west-1:123456789012:job/bad id',
      'arn:aws:iot:eu-west-1:1234:job/job-1',
      'job-1',
    ]) {
      assert.throws(
        () => parseTaggableArn(arn),
        (error: Error & { code?: string }) => error.code === 'InvalidRequest',
        arn,
      );
    }
  });
});
