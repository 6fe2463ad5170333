import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AddThingToThingGroupCommand, CreateThingCommand, CreateThingGroupCommand, RemoveThingFromThingGroupCommand } from '@aws-sdk/client-iot';
import { pollUntil, type ServiceUnderTest, startServiceUnderTest, testKafkaBrokers } from '#testing';
import { startHistory, uniqueName, uniquePrefix, type HistoryUnderTest } from './support.js';

interface Entry {
  eventType: string;
  actor: string | null;
  occurredAt: string;
  jobId: string | null;
  thingName: string | null;
  payload: { kind: string; operation: string; data: { added?: Array<{ groupName: string }>; removed?: Array<{ groupName: string }> } };
}

const OPERATOR_ACTOR = 'AKIDEXAMPLEOPERATOR';
const names = (groups: Array<{ thingGroupName: string }>) => groups.map((g) => g.thingGroupName);
const shifted = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** SDK registry commands → event store → relay → things topic → history consumer → history API. */
describe('thing-group membership through the SDK, in the audit history and as of a time', () => {
  const prefix = uniquePrefix('membership');
  const thingName = uniqueName('sensor');
  const berlin = uniqueName('berlin');
  const munich = uniqueName('munich');
  let sut: ServiceUnderTest;
  let history: HistoryUnderTest;
  let events: Entry[];

  before(async () => {
    sut = await startServiceUnderTest({ kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    history = await startHistory(prefix);
    await sut.cp.send(new CreateThingCommand({ thingName }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: berlin }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: munich }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: berlin, thingName }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: munich, thingName }));
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: berlin, thingName }));
    events = await pollUntil(
      async () => {
        const { status, body } = await history.get(`/history/things/${thingName}`);
        assert.equal(status, 200);
        const got = body.events as Entry[];
        return got.filter((e) => e.eventType === 'ThingGroupMembershipChanged').length === 3 ? got : undefined;
      },
      { description: 'the three membership changes in the history' },
    );
  });
  after(async () => {
    await history?.stop();
    await sut?.stop();
  });

  const changes = () => events.filter((e) => e.eventType === 'ThingGroupMembershipChanged');

  it("lists the thing's registry and membership events, with who and when, in order", () => {
    assert.deepEqual(
      events.map((e) => e.eventType),
      ['ThingCreated', 'ThingGroupMembershipChanged', 'ThingGroupMembershipChanged', 'ThingGroupMembershipChanged'],
    );
    const [addedToBerlin, , removedFromBerlin] = changes();
    assert.deepEqual(
      addedToBerlin!.payload.data.added?.map((g) => g.groupName),
      [berlin],
    );
    assert.deepEqual(
      removedFromBerlin!.payload.data.removed?.map((g) => g.groupName),
      [berlin],
    );
    for (const event of events) {
      assert.equal(event.actor, OPERATOR_ACTOR);
      assert.equal(event.jobId, null);
      assert.equal(event.thingName, thingName);
      assert.equal(event.payload.kind, 'thing');
      assert.ok(Math.abs(Date.parse(event.occurredAt) - Date.now()) < 120_000, `${event.occurredAt} is this run's time`);
    }
    assert.equal(addedToBerlin!.payload.operation, 'membershipChanged');
    assert.ok(addedToBerlin!.occurredAt < removedFromBerlin!.occurredAt, 'the removal came after the addition');
  });

  it('answers the groups as of a time before and after the removal', async () => {
    const [addedToBerlin, addedToMunich, removedFromBerlin] = changes();
    assert.ok(
      addedToBerlin!.occurredAt < addedToMunich!.occurredAt && addedToMunich!.occurredAt < removedFromBerlin!.occurredAt,
      'the changes have distinct times',
    );

    const beforeRemoval = await history.get(`/history/things/${thingName}/groups?asOfTime=${addedToMunich!.occurredAt}`);
    assert.equal(beforeRemoval.status, 200);
    assert.deepEqual(names(beforeRemoval.body.thingGroups), [berlin, munich].sort());
    const berlinMembership = beforeRemoval.body.thingGroups.find((g: { thingGroupName: string }) => g.thingGroupName === berlin);
    assert.equal(berlinMembership.addedAt, addedToBerlin!.occurredAt);
    assert.equal(berlinMembership.addedBy, OPERATOR_ACTOR);
    assert.equal(beforeRemoval.body.thingName, thingName);

    const onlyBerlin = await history.get(`/history/things/${thingName}/groups?asOfTime=${shifted(addedToMunich!.occurredAt, -1)}`);
    assert.deepEqual(names(onlyBerlin.body.thingGroups), [berlin]);

    const afterRemoval = await history.get(`/history/things/${thingName}/groups?asOfTime=${removedFromBerlin!.occurredAt}`);
    assert.equal(afterRemoval.status, 200);
    assert.deepEqual(names(afterRemoval.body.thingGroups), [munich]);
    assert.equal(afterRemoval.body.thingGroups[0].addedAt, addedToMunich!.occurredAt);

    const now = await history.get(`/history/things/${thingName}/groups`);
    assert.deepEqual(names(now.body.thingGroups), [munich]);
  });

  it('answers 404 before the thing existed, and 400 for a bad time or an unknown parameter', async () => {
    const created = events[0]!;
    const beforeCreation = await history.get(`/history/things/${thingName}/groups?asOfTime=${shifted(created.occurredAt, -1)}`);
    assert.equal(beforeCreation.status, 404);
    const unknownThing = await history.get(`/history/things/${uniqueName('nobody')}/groups`);
    assert.equal(unknownThing.status, 404);
    const badTime = await history.get(`/history/things/${thingName}/groups?asOfTime=yesterday`);
    assert.equal(badTime.status, 400);
    assert.match(badTime.body.message, /asOfTime/);
    const unknownParameter = await history.get(`/history/things/${thingName}/groups?asOfVersion=3`);
    assert.equal(unknownParameter.status, 400);
    assert.match(unknownParameter.body.message, /asOfVersion/);
  });

  it('refuses an unsigned as-of request', async () => {
    const response = await fetch(`${history.consumer.url}/history/things/${thingName}/groups`);
    assert.equal(response.status, 403);
  });
});
