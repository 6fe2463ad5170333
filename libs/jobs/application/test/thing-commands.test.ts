import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minutesAfter, OPERATOR, thingArn } from './support/messages.js';
import {
  addToGroups,
  createGroup,
  createThing,
  deleteGroup,
  deleteThing,
  moveBetweenGroups,
  removeFromGroups,
  thingStream,
  updateThing,
} from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const T1 = minutesAfter(T0, 3);
const membership = async (app: UseCaseApp, thingName: string) =>
  (await app.registry.listGroupsForThing({ thingName, maxResults: 100 })).items.map((group) => group.groupName);

describe('CreateThing', () => {
  it('records the thing with a new id and answers its name, ARN and id', async () => {
    const app = new UseCaseApp();
    const outcome = await app.when(createThing('thing-1', { attributes: { model: 'x1', empty: '' } }));
    const result = outcome.thenAppendedMatching([
      {
        streamId: thingStream('thing-1'),
        type: 'ThingCreated',
        data: { thingName: 'thing-1', thingArn: thingArn('thing-1'), attributes: { model: 'x1' }, version: 1, at: T0.toISOString(), actor: OPERATOR },
      },
    ]);
    assert.deepEqual(result, {
      thingName: 'thing-1',
      thingArn: thingArn('thing-1'),
      thingId: (outcome.events()[0]!.data as { thingId: string }).thingId,
    });
    assert.match(result.thingId, /^[0-9a-f-]{36}$/);
  });

  it('the same configuration again is the same thing; another one is ResourceAlreadyExists', async () => {
    const app = new UseCaseApp();
    const first = (await app.when(createThing('thing-1', { attributes: { model: 'x1' } }))).result;
    const again = (await app.when(createThing('thing-1', { attributes: { model: 'x1' } }))).thenNothingAppended();
    assert.equal(again.thingId, first.thingId);
    (await app.when(createThing('thing-1', { attributes: { model: 'x2' } }))).thenFails('ResourceAlreadyExists');
    (await app.when(createThing('thing-2', { billingGroupName: 'billing' }))).thenFails('ResourceNotFound');
    (await app.when(createThing('thing-3', { attributes: { a: '1', b: '2', c: '3', d: '4' } }))).thenFails('InvalidRequest');
  });

  it('lost race: the same thing created first elsewhere; this one answers that thing', async () => {
    const app = new UseCaseApp();
    app.store.interfere(() => app.send(createThing('thing-1')));
    const outcome = await app.when(createThing('thing-1'));
    const created = outcome.thenAppendedMatching([{ streamId: thingStream('thing-1'), type: 'ThingCreated', data: {} }]);
    assert.equal(created.thingId, (await app.registry.findThing('thing-1'))?.thingId);
  });
});

describe('UpdateThing', () => {
  it('merges or replaces the attributes and counts the version up', async () => {
    const app = new UseCaseApp();
    await app.given(createThing('thing-1', { attributes: { model: 'x1', colour: 'red' } }));
    app.clock.set(T1);
    (
      await app.when(updateThing('thing-1', { attributePayload: { attributes: { colour: '', site: 'b' }, merge: true }, expectedVersion: 1 }))
    ).thenAppendedMatching([
      { streamId: thingStream('thing-1'), type: 'ThingUpdated', data: { attributes: { model: 'x1', site: 'b' }, version: 2, at: T1.toISOString() } },
    ]);
    (await app.when(updateThing('thing-1', { attributePayload: { attributes: { only: 'this' } }, thingTypeName: 'sensor' }))).thenAppendedMatching([
      { streamId: thingStream('thing-1'), type: 'ThingUpdated', data: { attributes: { only: 'this' }, thingTypeName: 'sensor', version: 3 } },
    ]);
    assert.deepEqual((await app.registry.findThing('thing-1'))?.attributes, { only: 'this' });
  });

  it('refuses an unknown thing, a stale expectedVersion and a type both set and removed', async () => {
    const app = new UseCaseApp();
    await app.given(createThing('thing-1'));
    (await app.when(updateThing('no-such-thing'))).thenFails('ResourceNotFound');
    (await app.when(updateThing('thing-1', { expectedVersion: 2 }))).thenFails('VersionConflict');
    (await app.when(updateThing('thing-1', { thingTypeName: 'sensor', removeThingType: true }))).thenFails('InvalidRequest');
  });

  it('lost race: another update committed first; with no expectedVersion both apply, with one it is a VersionConflict', async () => {
    const app = new UseCaseApp();
    await app.given(createThing('thing-1'));
    app.store.interfere(() => app.send(updateThing('thing-1', { attributePayload: { attributes: { theirs: '1' }, merge: true } })));
    const outcome = await app.when(updateThing('thing-1', { attributePayload: { attributes: { ours: '1' }, merge: true } }));
    assert.deepEqual(
      outcome.events().map((event) => (event.data as { version: number }).version),
      [2, 3],
    );
    assert.deepEqual((await app.registry.findThing('thing-1'))?.attributes, { theirs: '1', ours: '1' });

    app.store.interfere(() => app.send(updateThing('thing-1')));
    (await app.when(updateThing('thing-1', { expectedVersion: 3 }))).thenFailsAfterOthersWrote('VersionConflict');
  });
});

describe('DeleteThing', () => {
  it('records the deletion with the groups it leaves; a missing thing is no error and no event', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createThing('thing-1'), addToGroups('thing-1', 'fleet'));
    (await app.when(deleteThing('thing-1', 1))).thenAppendedMatching([
      { streamId: thingStream('thing-1'), type: 'ThingDeleted', data: { version: 1, groups: ['fleet'], actor: OPERATOR } },
    ]);
    assert.equal(await app.registry.findThing('thing-1'), undefined);
    (await app.when(deleteThing('thing-1'))).thenNothingAppended();
  });

  it('a stale expectedVersion is a VersionConflict', async () => {
    const app = new UseCaseApp();
    await app.given(createThing('thing-1'), updateThing('thing-1'));
    (await app.when(deleteThing('thing-1', 1))).thenFails('VersionConflict');
  });

  it('a thing created again is a new thing (new id, no groups)', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    const { thingId: firstId } = (await app.when(createThing('thing-1'))).result;
    await app.given(addToGroups('thing-1', 'fleet'), deleteThing('thing-1'));
    assert.equal(await app.registry.findThing('thing-1'), undefined);
    const { thingId } = (await app.when(createThing('thing-1'))).result;
    assert.notEqual(thingId, firstId);
    assert.equal((await app.registry.findThing('thing-1'))?.thingId, thingId);
    assert.deepEqual(await membership(app, 'thing-1'), []);
  });
});

describe('ChangeThingGroups', () => {
  async function registry(): Promise<UseCaseApp> {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }), createGroup('beta'), createThing('thing-1'));
    return app;
  }

  it('adds and removes in one event that names the membership after it', async () => {
    const app = await registry();
    await app.given(addToGroups('thing-1', 'fleet'));
    const outcome = await app.when(moveBetweenGroups('thing-1', ['beta'], ['fleet']));
    outcome.thenAppendedMatching([
      { streamId: thingStream('thing-1'), type: 'ThingGroupMembershipChanged', data: { thingName: 'thing-1', actor: OPERATOR } },
    ]);
    const data = outcome.events()[0]!.data as Record<string, Array<{ groupName: string }>>;
    assert.deepEqual(
      ['added', 'removed', 'groups'].map((field) => data[field]!.map((m) => m.groupName)),
      [['beta'], ['fleet'], ['beta']],
    );
    assert.deepEqual(await membership(app, 'thing-1'), ['beta']);
  });

  it('adding a member again or removing a non-member changes nothing', async () => {
    const app = await registry();
    await app.given(addToGroups('thing-1', 'fleet'));
    (await app.when(addToGroups('thing-1', 'fleet'))).thenNothingAppended();
    (await app.when(removeFromGroups('thing-1', 'beta'))).thenNothingAppended();
  });

  it('refuses an unknown group or thing, and two groups of one hierarchy', async () => {
    const app = await registry();
    (await app.when(addToGroups('thing-1', 'no-such-group'))).thenFails('ResourceNotFound');
    (await app.when(removeFromGroups('thing-1', 'no-such-group'))).thenFails('ResourceNotFound');
    (await app.when(addToGroups('no-such-thing', 'fleet'))).thenFails('ResourceNotFound');
    (await app.when(addToGroups('thing-1', 'fleet', 'fleet-eu'))).thenFails('InvalidRequest');
  });

  it('a membership of a deleted group is void: a group of the same name created again is joined anew', async () => {
    const app = await registry();
    await app.given(addToGroups('thing-1', 'beta'), deleteGroup('beta'));
    assert.deepEqual(await membership(app, 'thing-1'), []);
    await app.given(createGroup('beta'));
    (await app.when(addToGroups('thing-1', 'beta'))).thenAppendedMatching([
      { streamId: thingStream('thing-1'), type: 'ThingGroupMembershipChanged', data: {} },
    ]);
    assert.deepEqual(await membership(app, 'thing-1'), ['beta']);
  });

  it('lost race: a join of the same hierarchy committed first; read again, this one is refused', async () => {
    const app = await registry();
    app.store.interfere(() => app.send(addToGroups('thing-1', 'fleet-eu')));
    (await app.when(addToGroups('thing-1', 'fleet'))).thenFailsAfterOthersWrote('InvalidRequest');
    assert.deepEqual(await membership(app, 'thing-1'), ['fleet-eu']);
  });
});
