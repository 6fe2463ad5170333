import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, CreateJobTemplateCommand, DeleteJobTemplateCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-iot';
import { decodeJobTemplateEventMessage, ensureJobTopics, jobTopics, KafkaSubscriber, type JobTemplateContractEvent } from '#messaging';
import { deviceCredentials, pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import { AUDITOR, HISTORY_DEVICE, startHistory, testKafka, thingArn, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

interface Entry {
  eventType: string;
  streamId: string;
  streamVersion: number;
  actor: string | null;
  occurredAt: string;
  jobId: string | null;
  thingName: string | null;
  payload: { kind: string; operation: string; jobTemplateId: string; data: Record<string, unknown> };
}

const OPERATOR_ACTOR = 'AKIDEXAMPLEOPERATOR';
const TEMPLATE_EVENTS = ['JobTemplateCreated', 'JobTemplateTagged', 'JobTemplateUntagged', 'JobTemplateDeleted', 'JobTemplateCreated'];

/** SDK template commands → event store → relay → job-templates topic → history consumer → history API. */
describe('job-template events on Kafka and in the audit history', () => {
  const prefix = uniquePrefix('templates');
  const kafka = testKafka('template-events-e2e');
  const jobTemplateId = uniqueName('tpl');
  const templateArn = `arn:aws:iot:us-east-1:123456789012:jobtemplate/${jobTemplateId}`;
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let subscriber: KafkaSubscriber;
  const received: JobTemplateContractEvent[] = [];
  let startedAt: number;

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    history = await startHistory(prefix);
    await ensureJobTopics(kafka, prefix);
    subscriber = new KafkaSubscriber(kafka, {
      groupId: `template-collector-${randomUUID()}`,
      topics: [jobTopics(prefix).jobTemplates],
      fromBeginning: true,
      maxWaitTimeMs: 200,
    });
    await subscriber.connect();
    await subscriber.run({ eachMessage: async ({ message }) => void received.push(decodeJobTemplateEventMessage(message)) });

    startedAt = Date.now();
    await sut.cp.send(
      new CreateJobTemplateCommand({ jobTemplateId, description: 'firmware', document: '{"op":"flash"}', tags: [{ Key: 'owner', Value: 'fleet' }] }),
    );
    await sut.cp.send(new TagResourceCommand({ resourceArn: templateArn, tags: [{ Key: 'team', Value: 'ops' }] }));
    await sut.cp.send(new UntagResourceCommand({ resourceArn: templateArn, tagKeys: ['owner'] }));
    await sut.cp.send(new DeleteJobTemplateCommand({ jobTemplateId }));
    await sut.cp.send(new CreateJobTemplateCommand({ jobTemplateId, description: 'firmware again', document: '{"op":"flash2"}' }));
  });
  after(async () => {
    await subscriber?.disconnect();
    await history?.stop();
    await sut?.stop();
  });

  it('publishes every template event keyed by template id, in stream order, with actor and time', async () => {
    const records = await pollUntil(() => (received.length >= TEMPLATE_EVENTS.length ? received : undefined), {
      description: 'the five template events on the job-templates topic',
    });
    assert.deepEqual(
      records.map((r) => r.headers.ce_type),
      TEMPLATE_EVENTS,
    );
    assert.deepEqual(
      records.map((r) => r.payload.operation),
      ['created', 'tagged', 'untagged', 'deleted', 'created'],
    );
    assert.deepEqual(
      records.map((r) => r.payload.streamVersion),
      [1, 2, 3, 4, 5],
      'one stream per template id, on one partition',
    );
    for (const record of records) {
      assert.equal(record.key, jobTemplateId);
      assert.equal(record.payload.kind, 'job-template');
      assert.equal(record.payload.jobTemplateId, jobTemplateId);
      assert.equal(record.headers.ce_subject, `job-template/${jobTemplateId}`);
      assert.equal(record.payload.actor, OPERATOR_ACTOR);
      assert.ok(Date.parse(record.payload.timestamp) >= startedAt - 1_000, `${record.payload.timestamp} is this run's time`);
    }
    const [created, tagged, untagged] = records;
    assert.deepEqual(created!.payload.data.tags, [{ key: 'owner', value: 'fleet' }]);
    assert.deepEqual(tagged!.payload.data.tags, [{ key: 'team', value: 'ops' }]);
    assert.deepEqual(untagged!.payload.data.tagKeys, ['owner']);
  });

  const templateHistory = (query = '') =>
    pollUntil(
      async () => {
        const { status, body } = await history.get(`/history/job-templates/${jobTemplateId}${query}`);
        assert.equal(status, 200, JSON.stringify(body));
        return (body.events as Entry[]).length >= TEMPLATE_EVENTS.length ? (body.events as Entry[]) : undefined;
      },
      { description: 'the template history' },
    );

  it("answers the template's history, who and when, re-creation included", async () => {
    const events = await templateHistory();
    assert.deepEqual(
      events.map((e) => e.eventType),
      TEMPLATE_EVENTS,
    );
    for (const event of events) {
      assert.equal(event.actor, OPERATOR_ACTOR);
      assert.equal(event.jobId, null);
      assert.equal(event.thingName, null);
      assert.equal(event.streamId, `job-template/${jobTemplateId}`);
      assert.equal(event.payload.kind, 'job-template');
      assert.ok(Math.abs(Date.parse(event.occurredAt) - Date.now()) < 120_000, `${event.occurredAt} is this run's time`);
    }
    assert.ok(events[1]!.occurredAt <= events[3]!.occurredAt, 'the tag came before the deletion');
    assert.deepEqual(events[2]!.payload.data.tagKeys, ['owner']);
  });

  it('pages and filters like the other history routes, for auditors too', async () => {
    await templateHistory();
    const first = await history.get(`/history/job-templates/${jobTemplateId}?maxResults=2`, AUDITOR);
    assert.equal(first.status, 200);
    assert.deepEqual(
      first.body.events.map((e: Entry) => e.streamVersion),
      [1, 2],
    );
    assert.ok(first.body.nextToken);
    const second = await history.get(`/history/job-templates/${jobTemplateId}?maxResults=2&nextToken=${first.body.nextToken}`, AUDITOR);
    assert.deepEqual(
      second.body.events.map((e: Entry) => e.streamVersion),
      [3, 4],
    );
    const tagChanges = await history.get(`/history/job-templates/${jobTemplateId}?eventType=JobTemplateTagged,JobTemplateUntagged`);
    assert.deepEqual(
      tagChanges.body.events.map((e: Entry) => e.eventType),
      ['JobTemplateTagged', 'JobTemplateUntagged'],
    );
    assert.equal(tagChanges.body.nextToken, undefined);
    const byNobody = await history.get(`/history/job-templates/${jobTemplateId}?actor=someone-else`);
    assert.deepEqual(byNobody.body.events, []);
    const unknown = await history.get(`/history/job-templates/${uniqueName('never')}`);
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.body.events, []);
  });

  it('refuses executionNumber by name, and unsigned or device requests', async () => {
    const refused = await history.get(`/history/job-templates/${jobTemplateId}?executionNumber=1`);
    assert.equal(refused.status, 400);
    assert.match(refused.body.message, /executionNumber/);
    const unsigned = await fetch(`${history.consumer.url}/history/job-templates/${jobTemplateId}`);
    assert.equal(unsigned.status, 403);
    const device = await history.get(`/history/job-templates/${jobTemplateId}`, deviceCredentials(HISTORY_DEVICE.name));
    assert.equal(device.status, 403);
  });

  it("keeps a template's events out of the job histories, and a job's tag changes in its own", async () => {
    const jobId = uniqueName('job');
    await sut.cp.send(new CreateJobCommand({ jobId, targets: [thingArn(uniqueName('t'))], jobTemplateArn: templateArn }));
    await sut.cp.send(
      new TagResourceCommand({ resourceArn: `arn:aws:iot:us-east-1:123456789012:job/${jobId}`, tags: [{ Key: 'team', Value: 'ops' }] }),
    );
    const jobEvents = await pollUntil(
      async () => {
        const { body } = await history.get(`/history/jobs/${jobId}`);
        const events = body.events as Entry[];
        return events.some((e) => e.eventType === 'JobTagged') ? events : undefined;
      },
      { description: "the job's tag change in its history" },
    );
    const tagged = jobEvents.find((e) => e.eventType === 'JobTagged')!;
    assert.equal(tagged.actor, OPERATOR_ACTOR);
    assert.equal(tagged.payload.operation, 'tagged');
    assert.ok(jobEvents.every((e) => !e.eventType.startsWith('JobTemplate')));
    const sameName = await history.get(`/history/jobs/${jobTemplateId}`);
    assert.deepEqual(sameName.body.events, [], 'a template id is no job id');
  });
});
