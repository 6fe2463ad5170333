import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DeleteThingGroupCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateThingGroupsForThingCommand,
} from '@aws-sdk/client-iot';
import { createKafka, decodeRegistryEventMessage, ensureJobTopics, jobTopics, KafkaSubscriber, type RegistryContractEvent } from '#messaging';
import { OPERATOR, pollUntil, startServiceUnderTest, testKafkaBrokers, uniqueName, type ServiceUnderTest } from '#testing';

/** Registry and membership events through the relay onto their own topic, `<prefix>.things.v1`. */
describe('registry events on Kafka', () => {
  const prefix = `registry-${randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ brokers: testKafkaBrokers(), clientId: 'registry-events-e2e', logLevel: 'nothing' });
  let sut: ServiceUnderTest;
  let subscriber: KafkaSubscriber;
  const received: RegistryContractEvent[] = [];

  before(async () => {
    sut = await startServiceUnderTest({ env: { THING_TARGETS: 'registered' }, kafka: { brokers: testKafkaBrokers(), topicPrefix: prefix } });
    await ensureJobTopics(kafka, prefix);
    subscriber = new KafkaSubscriber(kafka, {
      groupId: `registry-collector-${randomUUID()}`,
      topics: [jobTopics(prefix).things],
      fromBeginning: true,
      maxWaitTimeMs: 200,
    });
    await subscriber.connect();
    await subscriber.run({ eachMessage: async ({ message }) => void received.push(decodeRegistryEventMessage(message)) });
  });
  after(async () => {
    await subscriber?.disconnect();
    await sut?.stop();
  });

  it('publishes thing, group and membership events keyed by thing name (group name for group events), with the actor', async () => {
    const thingName = uniqueName('sensor');
    const berlin = uniqueName('berlin');
    const munich = uniqueName('munich');
    await sut.cp.send(new CreateThingCommand({ thingName }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: berlin, tags: [{ Key: 'site', Value: 'berlin' }] }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: munich }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: berlin, thingName }));
    await sut.cp.send(new UpdateThingGroupsForThingCommand({ thingName, thingGroupsToAdd: [munich], thingGroupsToRemove: [berlin] }));

    const ofThing = await pollUntil(
      () => {
        const events = received.filter((event) => event.key === thingName);
        return events.length >= 3 ? events : undefined;
      },
      { description: 'the thing and its two membership changes on the things topic' },
    );
    assert.deepEqual(
      ofThing.map((event) => event.payload.operation),
      ['created', 'membershipChanged', 'membershipChanged'],
    );
    assert.deepEqual(
      ofThing.map((event) => event.payload.streamVersion),
      [1, 2, 3],
      'in stream order on one partition',
    );
    const move = ofThing[2]!;
    assert.equal(move.headers.ce_type, 'ThingGroupMembershipChanged');
    assert.equal(move.headers.ce_subject, `thing/${thingName}`);
    assert.equal(move.payload.actor, OPERATOR.accessKeyId, 'the caller who moved it');
    assert.ok(!Number.isNaN(Date.parse(move.payload.timestamp)));
    const groupNames = (list: unknown) => (list as Array<{ groupName: string }>).map((group) => group.groupName);
    assert.deepEqual(groupNames(move.payload.data.added), [munich]);
    assert.deepEqual(groupNames(move.payload.data.removed), [berlin]);
    assert.deepEqual(groupNames(move.payload.data.groups), [munich]);

    const group = await pollUntil(() => received.find((event) => event.key === berlin), { description: 'the group event' });
    assert.equal(group.payload.kind, 'thing-group');
    assert.equal(group.payload.operation, 'created');
    assert.deepEqual(group.payload.data.tags, [{ Key: 'site', Value: 'berlin' }]);
  });

  it("a child group created and deleted shows on its parent's key as childAttached and childDetached", async () => {
    const parent = uniqueName('region');
    const child = uniqueName('site');
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: parent }));
    await sut.cp.send(new CreateThingGroupCommand({ thingGroupName: child, parentGroupName: parent }));
    await sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: child }));
    const resourceArn = `arn:aws:iot:us-east-1:123456789012:thinggroup/${parent}`;
    await sut.cp.send(new TagResourceCommand({ resourceArn, tags: [{ Key: 'team', Value: 'ops' }] }));
    await sut.cp.send(new UntagResourceCommand({ resourceArn, tagKeys: ['team'] }));
    const ofParent = await pollUntil(
      () => {
        const events = received.filter((event) => event.key === parent);
        return events.length >= 5 ? events : undefined;
      },
      { description: "the parent's five events on the things topic" },
    );
    assert.deepEqual(
      ofParent.map((event) => [event.payload.operation, event.headers.ce_type, event.payload.streamVersion, event.payload.data.childGroupName]),
      [
        ['created', 'ThingGroupCreated', 1, undefined],
        ['childAttached', 'ThingGroupChildAttached', 2, child],
        ['childDetached', 'ThingGroupChildDetached', 3, child],
        ['tagged', 'ThingGroupTagged', 4, undefined],
        ['untagged', 'ThingGroupUntagged', 5, undefined],
      ],
    );
    assert.deepEqual(ofParent[3]!.payload.data.tags, [{ key: 'team', value: 'ops' }]);
    assert.deepEqual(ofParent[4]!.payload.data.tagKeys, ['team']);
    assert.equal(ofParent[1]!.payload.actor, OPERATOR.accessKeyId);
  });
});
