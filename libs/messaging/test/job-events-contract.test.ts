import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ContractViolation,
  decodeJobEventMessage,
  decodeJobTemplateEventMessage,
  decodeRegistryEventMessage,
  jobTopics,
  toKafkaMessage,
  type SourceEvent,
} from '#messaging';

const context = { source: '//iot-jobs/eu-west-1/111122223333', region: 'eu-west-1', accountId: '111122223333' };
const topics = jobTopics('acme');

function stored(overrides: Partial<SourceEvent>): SourceEvent {
  return {
    eventId: '6f1c1b7e-8a43-4f6c-9d7e-0f3b2a1c4d5e',
    type: 'JobExecutionCanceled',
    schemaVersion: 1,
    data: {
      jobId: 'j1',
      thingName: 't1',
      executionNumber: 1,
      versionNumber: 3,
      status: 'CANCELED',
      previousStatus: 'IN_PROGRESS',
      force: true,
      forceCanceled: true,
      statusDetails: { a: 'b' },
      at: '2026-01-01T00:00:00.000Z',
      actor: 'AKID1',
      origin: 'CancelJobExecution',
    },
    metadata: {},
    occurredAt: new Date('2026-01-01T00:00:00.000Z'),
    streamId: 'job-execution/j1/t1',
    streamVersion: 3,
    globalPosition: '42',
    ...overrides,
  };
}

describe('job events contract', () => {
  it('names versioned topics under a prefix', () => {
    assert.deepEqual(topics, {
      jobExecutions: 'acme.job-executions.v1',
      jobs: 'acme.jobs.v1',
      things: 'acme.things.v1',
      jobTemplates: 'acme.job-templates.v1',
    });
  });

  it('keys execution events by thing, builds the thing ARN, and round-trips through decode', () => {
    const record = toKafkaMessage(stored({}), topics, context)!;
    assert.equal(record.topic, 'acme.job-executions.v1');
    assert.equal(record.message.key, 't1');
    const decoded = decodeJobEventMessage({
      key: Buffer.from('t1'),
      value: Buffer.from(record.message.value as string),
      headers: record.message.headers as Record<string, string>,
    });
    assert.equal(decoded.headers.ce_id, '6f1c1b7e-8a43-4f6c-9d7e-0f3b2a1c4d5e');
    assert.equal(decoded.headers.ce_time, '2026-01-01T00:00:00.000Z');
    assert.equal(decoded.payload.kind, 'job-execution');
    assert.equal(decoded.payload.kind === 'job-execution' && decoded.payload.thingArn, 'arn:aws:iot:eu-west-1:111122223333:thing/t1');
    assert.equal(decoded.payload.operation, 'canceled');
  });

  it('keys job events by jobId on the jobs topic and leaves other streams out', () => {
    const job = toKafkaMessage(
      stored({ type: 'JobCreated', streamId: 'job/j1', data: { jobId: 'j1', status: 'IN_PROGRESS', at: 'x', actor: 'a' } }),
      topics,
      context,
    )!;
    assert.equal(job.topic, 'acme.jobs.v1');
    assert.equal(job.message.key, 'j1');
    assert.equal(toKafkaMessage(stored({ streamId: 'other/x' }), topics, context), undefined);
  });

  it('rejects records that are not contract messages', () => {
    assert.throws(() => decodeJobEventMessage({ key: null, value: Buffer.from('{}'), headers: {} }), ContractViolation);
  });

  const asRecord = (record: NonNullable<ReturnType<typeof toKafkaMessage>>) => ({
    key: Buffer.from(record.message.key as string),
    value: Buffer.from(record.message.value as string),
    headers: record.message.headers as Record<string, string>,
  });

  it('puts thing events on the things topic keyed by thing name, membership included', () => {
    const membership = stored({
      type: 'ThingGroupMembershipChanged',
      streamId: 'thing/sensor-1',
      data: {
        thingName: 'sensor-1',
        thingId: 'id-1',
        added: [{ groupName: 'berlin', groupId: 'g-1' }],
        removed: [],
        groups: [{ groupName: 'berlin', groupId: 'g-1' }],
        at: '2026-12-01T09:00:00.000Z',
        actor: 'AKIDOPS',
      },
    });
    const record = toKafkaMessage(membership, topics, context)!;
    assert.equal(record.topic, 'acme.things.v1');
    assert.equal(record.message.key, 'sensor-1');
    const decoded = decodeRegistryEventMessage(asRecord(record));
    assert.equal(decoded.payload.kind, 'thing');
    assert.equal(decoded.payload.operation, 'membershipChanged');
    assert.equal(decoded.payload.actor, 'AKIDOPS');
    assert.equal(decoded.payload.timestamp, '2026-12-01T09:00:00.000Z');
    assert.equal(decoded.payload.kind === 'thing' && decoded.payload.thingId, 'id-1');
    assert.deepEqual(decoded.payload.data.added, [{ groupName: 'berlin', groupId: 'g-1' }]);
    assert.equal(decoded.headers.ce_subject, 'thing/sensor-1');
  });

  it('keys thing-group events by group name on the things topic', () => {
    const created = stored({
      type: 'ThingGroupCreated',
      streamId: 'thing-group/berlin',
      data: {
        thingGroupName: 'berlin',
        thingGroupId: 'g-1',
        thingGroupArn: 'arn',
        rootToParentThingGroups: [],
        attributes: {},
        tags: [],
        version: 1,
        at: 'x',
        actor: 'a',
      },
    });
    const record = toKafkaMessage(created, topics, context)!;
    assert.equal(record.topic, 'acme.things.v1');
    assert.equal(record.message.key, 'berlin');
    const decoded = decodeRegistryEventMessage(asRecord(record));
    assert.deepEqual([decoded.payload.kind, decoded.payload.operation], ['thing-group', 'created']);
  });

  it('each decoder refuses the other topic family: a job consumer never takes a registry record for a job event', () => {
    const thing = toKafkaMessage(
      stored({ type: 'ThingCreated', streamId: 'thing/t1', data: { thingName: 't1', thingId: 'i', at: 'x', actor: 'a' } }),
      topics,
      context,
    )!;
    const job = toKafkaMessage(stored({}), topics, context)!;
    assert.throws(() => decodeJobEventMessage(asRecord(thing)), ContractViolation);
    assert.throws(() => decodeRegistryEventMessage(asRecord(job)), ContractViolation);
  });

  it('puts job-template events on the job-templates topic keyed by template id, tags included', () => {
    const tagged = stored({
      type: 'JobTemplateTagged',
      streamId: 'job-template/fw',
      streamVersion: 2,
      data: { jobTemplateId: 'fw', tags: [{ key: 'team', value: 'ops' }], at: '2026-12-01T09:00:00.000Z', actor: 'AKIDOPS' },
    });
    const record = toKafkaMessage(tagged, topics, context)!;
    assert.equal(record.topic, 'acme.job-templates.v1');
    assert.equal(record.message.key, 'fw');
    const decoded = decodeJobTemplateEventMessage(asRecord(record));
    assert.equal(decoded.payload.kind, 'job-template');
    assert.equal(decoded.payload.jobTemplateId, 'fw');
    assert.equal(decoded.payload.operation, 'tagged');
    assert.equal(decoded.payload.actor, 'AKIDOPS');
    assert.equal(decoded.payload.timestamp, '2026-12-01T09:00:00.000Z');
    assert.equal(decoded.payload.streamVersion, 2);
    assert.deepEqual(decoded.payload.data.tags, [{ key: 'team', value: 'ops' }]);
    assert.equal(decoded.headers.ce_type, 'JobTemplateTagged');
    assert.equal(decoded.headers.ce_subject, 'job-template/fw');
    const operations = ['JobTemplateCreated', 'JobTemplateUntagged', 'JobTemplateDeleted'].map(
      (type) => decodeJobTemplateEventMessage(asRecord(toKafkaMessage(stored({ ...tagged, type }), topics, context)!)).payload.operation,
    );
    assert.deepEqual(operations, ['created', 'untagged', 'deleted']);
  });

  it('a template record is no job event, and a job record no template event', () => {
    const template = toKafkaMessage(
      stored({ type: 'JobTemplateCreated', streamId: 'job-template/fw', data: { jobTemplateId: 'fw', at: 'x', actor: 'a' } }),
      topics,
      context,
    )!;
    const job = toKafkaMessage(stored({}), topics, context)!;
    assert.throws(() => decodeJobEventMessage(asRecord(template)), ContractViolation);
    assert.throws(() => decodeRegistryEventMessage(asRecord(template)), ContractViolation);
    assert.throws(() => decodeJobTemplateEventMessage(asRecord(job)), ContractViolation);
  });
});
