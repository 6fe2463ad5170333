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

  it('deletes, is a no-op when missing, and refuses while the group has children', () => {
    const del = (childCount: number, expectedVersion?: number): ThingGroupCommand => ({
      type: 'DeleteThingGroup',
      data: { actor, now: T0, childCount, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    });
    assert.equal(spec.given(history).when(del(0)).events()[0]?.type, 'ThingGroupDeleted');
    spec.given([]).when(del(0)).thenNothing();
    const error = spec.given(history).when(del(1)).thenThrows('InvalidRequest');
    assert.match(error.message, /Cannot delete thing group : berlin when there are still child groups attached to it\./);
    spec.given(history).when(del(0, 2)).thenThrows('VersionConflict');
  });
});
