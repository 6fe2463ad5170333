import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { thingDecider, type GroupRef, type ThingCommand, type ThingEvent, type ThingState } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(thingDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const actor = 'admin';
const ARN = 'arn:aws:iot:us-east-1:123456789012:thing/sensor-1';

const create = (extra: Partial<Extract<ThingCommand, { type: 'CreateThing' }>['data']> = {}): ThingCommand => ({
  type: 'CreateThing',
  data: { thingName: 'sensor-1', thingArn: ARN, newThingId: 'id-1', actor, now: T0, ...extra },
});
const update = (data: Partial<Extract<ThingCommand, { type: 'UpdateThing' }>['data']>): ThingCommand => ({
  type: 'UpdateThing',
  data: { actor, now: T0, ...data },
});
const group = (name: string, root = name, id = `${name}-id`): GroupRef => ({ name, id, root });
const change = (add: GroupRef[], remove: string[], liveGroups: GroupRef[] = []): ThingCommand => ({
  type: 'ChangeThingGroups',
  data: { add, remove, liveGroups, actor, now: T0 },
});

function historyOf(...commands: ThingCommand[]): ThingEvent[] {
  const events: ThingEvent[] = [];
  let state: ThingState = thingDecider.initialState();
  for (const command of commands) {
    for (const event of thingDecider.decide(command, state)) {
      events.push(event);
      state = thingDecider.evolve(state, event);
    }
  }
  return events;
}
const stateOf = (events: ThingEvent[]) => events.reduce(thingDecider.evolve, thingDecider.initialState());

describe('CreateThing', () => {
  it('creates version 1 with the given attributes, and a repeat with the same configuration changes nothing', () => {
    const [event] = spec
      .given([])
      .when(create({ attributes: { a: '1' }, thingTypeName: 'sensor' }))
      .events();
    assert.equal(event?.type, 'ThingCreated');
    assert.deepEqual(event.type === 'ThingCreated' && [event.data.thingId, event.data.version, event.data.attributes], ['id-1', 1, { a: '1' }]);
    const history = historyOf(create({ attributes: { a: '1' }, thingTypeName: 'sensor' }));
    spec
      .given(history)
      .when(create({ attributes: { a: '1' }, thingTypeName: 'sensor', newThingId: 'id-2' }))
      .thenNothing();
  });

  it('a different configuration is ResourceAlreadyExists naming the existing thing', () => {
    const history = historyOf(create({ attributes: { a: '1' } }));
    const error = spec
      .given(history)
      .when(create({ attributes: { a: '2' } }))
      .thenThrows('ResourceAlreadyExists');
    assert.deepEqual(error.details, { resourceId: 'id-1', resourceArn: ARN });
    spec
      .given(history)
      .when(create({ attributes: { a: '1' }, thingTypeName: 't' }))
      .thenThrows('ResourceAlreadyExists');
  });

  it('refuses a fourth attribute without a thing type, allows up to 50 with one, and knows no billing group', () => {
    const attributes = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'v']));
    spec
      .given([])
      .when(create({ attributes: attributes(4) }))
      .thenThrows('InvalidRequest');
    assert.equal(
      spec
        .given([])
        .when(create({ attributes: attributes(50), thingTypeName: 't' }))
        .events().length,
      1,
    );
    spec
      .given([])
      .when(create({ attributes: attributes(51), thingTypeName: 't' }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(create({ billingGroupName: 'b' }))
      .thenThrows('ResourceNotFound');
  });
});

describe('UpdateThing', () => {
  const history = historyOf(create({ attributes: { a: '1', b: '2' }, thingTypeName: 'sensor' }));

  it('replaces the attributes without merge, upserts and deletes "" with merge, and bumps the version each time', () => {
    const replaced = spec
      .given(history)
      .when(update({ attributePayload: { attributes: { c: '3' } } }))
      .events()[0]!;
    assert.deepEqual(replaced.type === 'ThingUpdated' && [replaced.data.attributes, replaced.data.version], [{ c: '3' }, 2]);
    const merged = spec
      .given(history)
      .when(update({ attributePayload: { attributes: { a: '', c: '3' }, merge: true } }))
      .events()[0]!;
    assert.deepEqual(merged.type === 'ThingUpdated' && merged.data.attributes, { b: '2', c: '3' });
    const noop = spec.given(history).when(update({})).events()[0]!;
    assert.equal(noop.type === 'ThingUpdated' && noop.data.version, 2);
  });

  it('a wrong expectedVersion is VersionConflict; removeThingType with thingTypeName is InvalidRequest', () => {
    spec
      .given(history)
      .when(update({ expectedVersion: 2 }))
      .thenThrows('VersionConflict');
    spec
      .given(history)
      .when(update({ removeThingType: true, thingTypeName: 'x' }))
      .thenThrows('InvalidRequest');
    const removed = spec
      .given(history)
      .when(update({ removeThingType: true, expectedVersion: 1 }))
      .events()[0]!;
    assert.equal(removed.type === 'ThingUpdated' && removed.data.thingTypeName, undefined);
    spec.given([]).when(update({})).thenThrows('ResourceNotFound');
  });
});

describe('DeleteThing', () => {
  it('deletes (naming its groups), is a no-op when missing, and checks expectedVersion', () => {
    const history = historyOf(create(), change([group('berlin')], []));
    const [event] = spec
      .given(history)
      .when({ type: 'DeleteThing', data: { actor, now: T0 } })
      .events();
    assert.deepEqual(event?.type === 'ThingDeleted' && event.data.groups, ['berlin']);
    spec
      .given([])
      .when({ type: 'DeleteThing', data: { actor, now: T0 } })
      .thenNothing();
    spec
      .given(history)
      .when({ type: 'DeleteThing', data: { actor, now: T0, expectedVersion: 3 } })
      .thenThrows('VersionConflict');
  });

  it('a thing created again after deletion is a new thing with no groups', () => {
    const history = historyOf(
      create(),
      change([group('berlin')], []),
      { type: 'DeleteThing', data: { actor, now: T0 } },
      create({ newThingId: 'id-2' }),
    );
    const thing = stateOf(history).thing!;
    assert.deepEqual([thing.thingId, thing.version, thing.groups], ['id-2', 1, {}]);
  });
});

describe('ChangeThingGroups', () => {
  const created = historyOf(create());

  it('adds, and a repeat or removing a non-member is a no-op', () => {
    const history = historyOf(create(), change([group('berlin')], []));
    assert.deepEqual(stateOf(history).thing!.groups, { berlin: 'berlin-id' });
    spec
      .given(history)
      .when(change([group('berlin')], [], [group('berlin')]))
      .thenNothing();
    spec
      .given(history)
      .when(change([], ['paris'], [group('berlin')]))
      .thenNothing();
  });

  it('a move is one event with both halves and the resulting membership', () => {
    const history = historyOf(create(), change([group('berlin', 'de')], []));
    const [event] = spec
      .given(history)
      .when(change([group('munich', 'de')], ['berlin'], [group('berlin', 'de')]))
      .events();
    assert.equal(event?.type, 'ThingGroupMembershipChanged');
    assert.deepEqual(event.type === 'ThingGroupMembershipChanged' && [event.data.added, event.data.removed, event.data.groups], [
      [{ groupName: 'munich', groupId: 'munich-id' }],
      [{ groupName: 'berlin', groupId: 'berlin-id' }],
      [{ groupName: 'munich', groupId: 'munich-id' }],
    ]);
  });

  it('refuses an 11th group and a second group of the same hierarchy', () => {
    const ten = Array.from({ length: 10 }, (_, i) => group(`g${i}`));
    const full = historyOf(create(), change(ten, []));
    spec
      .given(full)
      .when(change([group('g10')], [], ten))
      .thenThrows('InvalidRequest');
    const inBerlin = historyOf(create(), change([group('berlin', 'de')], []));
    spec
      .given(inBerlin)
      .when(change([group('munich', 'de')], [], [group('berlin', 'de')]))
      .thenThrows('InvalidRequest');
    spec
      .given(created)
      .when(change([group('a', 'r'), group('b', 'r')], []))
      .thenThrows('InvalidRequest');
  });

  it('a membership of a deleted group is void: it counts for nothing and a re-created group is joined anew', () => {
    const history = historyOf(create(), change([group('berlin', 'de', 'old')], []));
    // berlin was deleted (not live) and re-created with another id: joining it is a change.
    const [event] = spec
      .given(history)
      .when(change([group('berlin', 'de', 'new')], [], []))
      .events();
    assert.deepEqual(event?.type === 'ThingGroupMembershipChanged' && event.data.groups, [{ groupName: 'berlin', groupId: 'new' }]);
    spec
      .given([])
      .when(change([group('x')], []))
      .thenThrows('ResourceNotFound');
  });
});
