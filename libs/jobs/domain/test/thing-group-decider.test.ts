import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { thingGroupDecider, type ThingGroupCommand, type ThingGroupEvent } from '#jobs/domain';
import { deciderSpec } from './support/decider-spec.js';

const spec = deciderSpec(thingGroupDecider);
const T0 = new Date('2026-01-01T00:00:00.000Z');
const actor = 'admin';
type CreateData = Extract<ThingGroupCommand, { type: 'CreateThingGroup' }>['data'];
const create = (extra: Partial<CreateData> = {}): ThingGroupCommand => ({
  type: 'CreateThingGroup',
  data: { thingGroupName: 'berlin', thingGroupArn: 'arn:g/berlin', newThingGroupId: 'id-1', actor, now: T0, ...extra },
});
const created = (extra: Partial<CreateData> = {}): ThingGroupEvent[] => thingGroupDecider.decide(create(extra), thingGroupDecider.initialState());
const parent = { name: 'de', rootToParentThingGroups: ['europe'], childCount: 0 };
const attach = (childGroupName: string): ThingGroupCommand => ({ type: 'AttachChildGroup', data: { childGroupName, actor, now: T0 } });
const detach = (childGroupName: string): ThingGroupCommand => ({ type: 'DetachChildGroup', data: { childGroupName, actor, now: T0 } });
const attached = (childGroupName: string): ThingGroupEvent[] => [
  { type: 'ThingGroupChildAttached', data: { thingGroupName: 'berlin', thingGroupId: 'id-1', childGroupName, at: T0.toISOString(), actor } },
];

describe('CreateThingGroup', () => {
  it('records the ancestry from the root to the parent', () => {
    const [event] = spec
      .given([])
      .when(create({ parentGroupName: 'de', parent }))
      .events();
    assert.deepEqual(event?.type === 'ThingGroupCreated' && event.data.rootToParentThingGroups, ['europe', 'de']);
  });

  it('is idempotent for the same configuration; another description or parent is ResourceAlreadyExists', () => {
    const history = created({ description: 'd', parentGroupName: 'de', parent });
    spec
      .given(history)
      .when(create({ description: 'd', parentGroupName: 'de', parent, newThingGroupId: 'id-2' }))
      .thenNothing();
    const error = spec
      .given(history)
      .when(create({ description: 'other', parentGroupName: 'de', parent }))
      .thenThrows('ResourceAlreadyExists');
    assert.deepEqual(error.details, { resourceId: 'id-1', resourceArn: 'arn:g/berlin' });
    spec
      .given(history)
      .when(create({ description: 'd' }))
      .thenThrows('ResourceAlreadyExists');
  });

  it('refuses a missing parent, an eighth level and a parent with 100 children (InvalidRequest)', () => {
    spec
      .given([])
      .when(create({ parentGroupName: 'nope' }))
      .thenThrows('InvalidRequest');
    const deep = { name: 'g6', rootToParentThingGroups: ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'].slice(0, 6), childCount: 0 };
    spec
      .given([])
      .when(create({ parentGroupName: 'g6', parent: deep }))
      .thenThrows('InvalidRequest');
    spec
      .given([])
      .when(create({ parentGroupName: 'de', parent: { ...parent, childCount: 100 } }))
      .thenThrows('InvalidRequest');
  });
});

describe('UpdateThingGroup and DeleteThingGroup', () => {
  const history = created({ description: 'd', attributes: { a: '1' } });

  it('updates properties with merge semantics and bumps the version; expectedVersion is checked', () => {
    const [event] = spec
      .given(history)
      .when({ type: 'UpdateThingGroup', data: { actor, now: T0, attributePayload: { attributes: { a: '', b: '2' }, merge: true } } })
      .events();
    assert.deepEqual(event?.type === 'ThingGroupUpdated' && [event.data.attributes, event.data.description, event.data.version], [
      { b: '2' },
      'd',
      2,
    ]);
    spec
      .given(history)
      .when({ type: 'UpdateThingGroup', data: { actor, now: T0, expectedVersion: 5 } })
      .thenThrows('VersionConflict');
  });

  it('deletes, is a no-op when missing, and refuses while its own stream records children', () => {
    const del = (expectedVersion?: number): ThingGroupCommand => ({
      type: 'DeleteThingGroup',
      data: { actor, now: T0, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    });
    assert.equal(spec.given(history).when(del()).events()[0]?.type, 'ThingGroupDeleted');
    spec.given([]).when(del()).thenNothing();
    const withChild = [...history, ...attached('munich')];
    const error = spec.given(withChild).when(del()).thenThrows('InvalidRequest');
    assert.match(error.message, /Cannot delete thing group : berlin when there are still child groups attached to it\./);
    spec.given(history).when(del(2)).thenThrows('VersionConflict');
    const detached = thingGroupDecider.decide(detach('munich'), withChild.reduce(thingGroupDecider.evolve, thingGroupDecider.initialState()));
    assert.equal(
      spec
        .given([...withChild, ...detached])
        .when(del())
        .events()[0]?.type,
      'ThingGroupDeleted',
    );
  });
});

describe('AttachChildGroup and DetachChildGroup (the parent side of a child creation or deletion)', () => {
  const history = created();
  const children = (count: number) => Array.from({ length: count }, (_, i) => attached(`child-${i}`)[0]!);

  it('records a child without a new version of the group; the same child again changes nothing', () => {
    const events = spec.given(history).when(attach('munich')).events();
    assert.deepEqual(events, [
      {
        type: 'ThingGroupChildAttached',
        data: { thingGroupName: 'berlin', thingGroupId: 'id-1', childGroupName: 'munich', at: T0.toISOString(), actor },
      },
    ]);
    const state = [...history, ...events].reduce(thingGroupDecider.evolve, thingGroupDecider.initialState());
    assert.deepEqual([state.group?.version, state.group?.childGroupNames], [1, ['munich']]);
    spec
      .given([...history, ...events])
      .when(attach('munich'))
      .thenNothing();
  });

  it('refuses the 101st child and a missing parent (InvalidRequest)', () => {
    assert.equal(
      spec
        .given([...history, ...children(99)])
        .when(attach('last'))
        .events().length,
      1,
    );
    const error = spec
      .given([...history, ...children(100)])
      .when(attach('one-too-many'))
      .thenThrows('InvalidRequest');
    assert.match(error.message, /already has 100 child groups/);
    spec.given([]).when(attach('munich')).thenThrows('InvalidRequest');
  });

  it('detaches a recorded child; an unknown child or a missing parent changes nothing', () => {
    const withChild = [...history, ...attached('munich')];
    assert.equal(spec.given(withChild).when(detach('munich')).events()[0]?.type, 'ThingGroupChildDetached');
    spec.given(withChild).when(detach('hamburg')).thenNothing();
    spec.given([]).when(detach('munich')).thenNothing();
  });
});

describe('TagThingGroup and UntagThingGroup', () => {
  const history = created({ tags: [{ Key: 'team', Value: 'ops' }, { Key: 'site' }, { Key: 'team', Value: 'dev' }] });
  const tag = (...tags: Array<[string, string]>): ThingGroupCommand => ({
    type: 'TagThingGroup',
    data: { tags: tags.map(([key, value]) => ({ key, value })), actor, now: T0 },
  });
  const untag = (...tagKeys: string[]): ThingGroupCommand => ({ type: 'UntagThingGroup', data: { tagKeys, actor, now: T0 } });
  const stateAfter = (events: ThingGroupEvent[]) => events.reduce(thingGroupDecider.evolve, thingGroupDecider.initialState());

  it('holds the creation tags with a missing Value as "" and the last value of a repeated key', () => {
    assert.deepEqual(stateAfter(history).group?.tags, [
      { key: 'team', value: 'dev' },
      { key: 'site', value: '' },
    ]);
  });

  it('records only new keys and new values, removes only held keys, and keeps the version', () => {
    const tagged = spec
      .given(history)
      .when(tag(['team', 'dev'], ['zone', 'a']))
      .events();
    assert.deepEqual(tagged, [
      {
        type: 'ThingGroupTagged',
        data: { thingGroupName: 'berlin', thingGroupId: 'id-1', tags: [{ key: 'zone', value: 'a' }], at: T0.toISOString(), actor },
      },
    ]);
    spec
      .given(history)
      .when(tag(['team', 'dev']))
      .thenNothing();
    const untagged = spec
      .given([...history, ...tagged])
      .when(untag('site', 'absent'))
      .events();
    assert.deepEqual(untagged[0]?.type === 'ThingGroupUntagged' && untagged[0].data.tagKeys, ['site']);
    const state = stateAfter([...history, ...tagged, ...untagged]);
    assert.deepEqual(
      [state.group?.tags, state.group?.version],
      [
        [
          { key: 'team', value: 'dev' },
          { key: 'zone', value: 'a' },
        ],
        1,
      ],
    );
  });

  it('refuses a 51st tag (LimitExceeded), the aws: prefix and a missing group; creation refuses 51 tags as InvalidRequest', () => {
    const full = [
      ...history,
      ...spec
        .given(history)
        .when(tag(...Array.from({ length: 48 }, (_, i): [string, string] => [`k${i}`, 'v'])))
        .events(),
    ];
    spec
      .given(full)
      .when(tag(['one-more', 'v']))
      .thenThrows('LimitExceeded');
    spec
      .given(full)
      .when(tag(['team', 'new value']))
      .events();
    spec
      .given(history)
      .when(tag(['aws:x', 'v']))
      .thenThrows('InvalidRequest');
    spec.given(history).when(untag('aws:x')).thenThrows('InvalidRequest');
    spec
      .given([])
      .when(tag(['a', 'b']))
      .thenThrows('ResourceNotFound');
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    spec
      .given([])
      .when(create({ tags: fiftyOne }))
      .thenThrows('InvalidRequest');
  });
});
