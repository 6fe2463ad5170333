import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateThingGroupCommand,
  DeleteThingGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateThingGroupCommand,
} from '@aws-sdk/client-iot';
import { pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import { AUDITOR, startHistory, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

interface Entry {
  eventType: string;
  streamId: string;
  streamVersion: number;
  actor: string | null;
  jobId: string | null;
  thingName: string | null;
  payload: { kind: string; operation: string; thingGroupName: string; data: Record<string, unknown> };
}

const OPERATOR_ACTOR = 'AKIDEXAMPLEOPERATOR';

/** SDK thing-group commands → event store → relay → things topic → history consumer → GET /history/thing-groups/{name}. */
describe("a thing group's own history", () => {
  const prefix = uniquePrefix('group-history');
  const fleet = uniqueName('fleet');
  const site = uniqueName('site');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let events: Entry[];

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    history = await startHistory(prefix);
    const resourceArn = `arn:aws:iot:us-east-1:123456789012:thinggroup/${fleet}`;
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: fleet, tags: [{ Key: 'team', Value: 'ops' }] }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: site, parentGroupName: fleet }));
    await sut.cp.send(new UpdateThingGroupCommand({ thingGroupName: fleet, thingGroupProperties: { thingGroupDescription: 'all' } }));
    await sut.cp.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'zone', Value: 'eu' }] }));
    await sut.cp.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] }));
    await sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: site }));
    events = await pollUntil(
      async () => {
        const { status, body } = await history.get(`/history/thing-groups/${fleet}`);
        assert.equal(status, 200);
        const got = body.events as Entry[];
        return got.length === 6 ? got : undefined;
      },
      { description: "the group's six events in the history" },
    );
  });
  after(async () => {
    await history?.stop();
    await sut?.stop();
  });

  it("lists the group's own events in order, with who did them, and none of its child's", () => {
    assert.deepEqual(
      events.map((e) => [e.eventType, e.payload.operation, e.streamVersion]),
      [
        ['ThingGroupCreated', 'created', 1],
        ['ThingGroupChildAttached', 'childAttached', 2],
        ['ThingGroupUpdated', 'updated', 3],
        ['ThingGroupTagged', 'tagged', 4],
        ['ThingGroupUntagged', 'untagged', 5],
        ['ThingGroupChildDetached', 'childDetached', 6],
      ],
    );
    for (const event of events) {
      assert.equal(event.streamId, `thing-group/${fleet}`);
      assert.equal(event.actor, OPERATOR_ACTOR);
      assert.deepEqual([event.jobId, event.thingName, event.payload.kind, event.payload.thingGroupName], [null, null, 'thing-group', fleet]);
    }
    assert.equal(events[1]!.payload.data.childGroupName, site);
    assert.deepEqual(events[3]!.payload.data.tags, [{ key: 'zone', value: 'eu' }]);
  });

  it('pages with nextToken and filters by eventType, for an auditor too', async () => {
    const first = await history.get(`/history/thing-groups/${fleet}?maxResults=4`, AUDITOR);
    assert.equal(first.status, 200);
    assert.equal(first.body.events.length, 4);
    assert.ok(first.body.nextToken);
    const second = await history.get(`/history/thing-groups/${fleet}?maxResults=4&nextToken=${first.body.nextToken}`);
    assert.deepEqual(
      second.body.events.map((e: Entry) => e.eventType),
      ['ThingGroupUntagged', 'ThingGroupChildDetached'],
    );
    assert.equal(second.body.nextToken, undefined);
    const children = await history.get(`/history/thing-groups/${fleet}?eventType=ThingGroupChildAttached,ThingGroupChildDetached`);
    assert.deepEqual(
      children.body.events.map((e: Entry) => e.eventType),
      ['ThingGroupChildAttached', 'ThingGroupChildDetached'],
    );
    const ofChild = await history.get(`/history/thing-groups/${site}`);
    assert.deepEqual(
      ofChild.body.events.map((e: Entry) => e.eventType),
      ['ThingGroupCreated', 'ThingGroupDeleted'],
    );
    const unknown = await history.get(`/history/thing-groups/${uniqueName('none')}`);
    assert.deepEqual([unknown.status, unknown.body.events], [200, []]);
  });

  it('refuses executionNumber and unknown parameters by name (400), and an unsigned request (403)', async () => {
    const executionNumber = await history.get(`/history/thing-groups/${fleet}?executionNumber=1`);
    assert.equal(executionNumber.status, 400);
    assert.match(executionNumber.body.message, /executionNumber/);
    const unknownParameter = await history.get(`/history/thing-groups/${fleet}?recursive=true`);
    assert.equal(unknownParameter.status, 400);
    assert.match(unknownParameter.body.message, /recursive/);
    const unsigned = await fetch(`${history.consumer.url}/history/thing-groups/${fleet}`);
    assert.equal(unsigned.status, 403);
  });
});
