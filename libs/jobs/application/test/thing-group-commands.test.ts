import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPERATOR } from './support/messages.js';
import { createGroup, deleteGroup, groupStream, thingGroupArn, updateGroup } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

const idOf = (outcome: { events(): Array<{ data: object }> }) => (outcome.events()[0]!.data as { thingGroupId: string }).thingGroupId;

describe('CreateThingGroup', () => {
  it('records the group under its parent, with its ancestry from the root, and answers its name, ARN and id', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }));
    const outcome = await app.when(
      createGroup('fleet-eu-west', {
        parentGroupName: 'fleet-eu',
        description: 'west',
        attributes: { tier: '1' },
        tags: [{ Key: 'team', Value: 'ops' }],
      }),
    );
    const result = outcome.thenAppendedMatching([
      {
        streamId: groupStream('fleet-eu-west'),
        type: 'ThingGroupCreated',
        data: {
          thingGroupArn: thingGroupArn('fleet-eu-west'),
          parentGroupName: 'fleet-eu',
          rootToParentThingGroups: ['fleet', 'fleet-eu'],
          description: 'west',
          attributes: { tier: '1' },
          tags: [{ Key: 'team', Value: 'ops' }],
          version: 1,
          at: T0.toISOString(),
          actor: OPERATOR,
        },
      },
      { streamId: groupStream('fleet-eu'), type: 'ThingGroupChildAttached', data: { thingGroupName: 'fleet-eu', childGroupName: 'fleet-eu-west' } },
    ]);
    assert.deepEqual(result, { thingGroupName: 'fleet-eu-west', thingGroupArn: thingGroupArn('fleet-eu-west'), thingGroupId: idOf(outcome) });
  });

  it('the same configuration again is the same group; another one is ResourceAlreadyExists; a missing parent is InvalidRequest', async () => {
    const app = new UseCaseApp();
    const first = (await app.when(createGroup('fleet', { description: 'all' }))).result;
    assert.equal((await app.when(createGroup('fleet', { description: 'all' }))).thenNothingAppended().thingGroupId, first.thingGroupId);
    (await app.when(createGroup('fleet', { description: 'other' }))).thenFails('ResourceAlreadyExists');
    (await app.when(createGroup('orphan', { parentGroupName: 'no-such-group' }))).thenFails('InvalidRequest');
  });

  it('lost race: a group of the same name and another configuration created first makes it ResourceAlreadyExists', async () => {
    const app = new UseCaseApp();
    app.store.interfere(() => app.send(createGroup('fleet', { description: 'theirs' })));
    (await app.when(createGroup('fleet', { description: 'ours' }))).thenFailsAfterOthersWrote('ResourceAlreadyExists');
    assert.equal((await app.registry.findGroup('fleet'))?.description, 'theirs');
  });
});

describe('UpdateThingGroup', () => {
  it('changes what is given, keeps the rest, and answers the new version', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet', { description: 'all', attributes: { tier: '1', site: 'a' } }));
    const outcome = await app.when(updateGroup('fleet', { attributePayload: { attributes: { site: '' }, merge: true }, expectedVersion: 1 }));
    assert.deepEqual(
      outcome.thenAppendedMatching([
        { streamId: groupStream('fleet'), type: 'ThingGroupUpdated', data: { description: 'all', attributes: { tier: '1' }, version: 2 } },
      ]),
      { version: 2 },
    );
  });

  it('refuses an unknown group and a stale expectedVersion', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    (await app.when(updateGroup('no-such-group'))).thenFails('ResourceNotFound');
    (await app.when(updateGroup('fleet', { expectedVersion: 5 }))).thenFails('VersionConflict');
  });

  it('lost race: another update committed first; this one applies after it', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    app.store.interfere(() => app.send(updateGroup('fleet', { description: 'theirs' })));
    const outcome = await app.when(updateGroup('fleet', { attributePayload: { attributes: { ours: '1' } } }));
    assert.deepEqual(outcome.result, { version: 3 });
    const group = await app.registry.findGroup('fleet');
    assert.deepEqual([group?.description, group?.attributes], ['theirs', { ours: '1' }]);
  });
});

describe('DeleteThingGroup', () => {
  it('refuses a group with child groups; once they are gone it records the deletion', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }));
    (await app.when(deleteGroup('fleet'))).thenFails('InvalidRequest');
    (await app.when(deleteGroup('fleet-eu'))).thenAppendedMatching([
      { streamId: groupStream('fleet-eu'), type: 'ThingGroupDeleted', data: { version: 1, rootToParentThingGroups: ['fleet'], actor: OPERATOR } },
      { streamId: groupStream('fleet'), type: 'ThingGroupChildDetached', data: { childGroupName: 'fleet-eu', actor: OPERATOR } },
    ]);
    (await app.when(deleteGroup('fleet', 1))).thenAppendedMatching([{ streamId: groupStream('fleet'), type: 'ThingGroupDeleted', data: {} }]);
    assert.equal(await app.registry.findGroup('fleet'), undefined);
  });

  it('refuses a group whose child was created before parents recorded their children on their own stream', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    // As stored by an earlier version: the child's creation only, nothing on the parent's stream.
    await app.givenEvents(groupStream('fleet-legacy'), [
      {
        type: 'ThingGroupCreated',
        data: {
          thingGroupName: 'fleet-legacy',
          thingGroupId: 'legacy-id',
          thingGroupArn: thingGroupArn('fleet-legacy'),
          parentGroupName: 'fleet',
          rootToParentThingGroups: ['fleet'],
          attributes: {},
          tags: [],
          version: 1,
          at: '2026-11-01T00:00:00.000Z',
          actor: OPERATOR,
        },
      },
    ]);
    assert.deepEqual((await app.registryStreams.loadGroup('fleet')).state.group?.childGroupNames, []);
    const error = (await app.when(deleteGroup('fleet'))).thenFails('InvalidRequest');
    assert.match(error.message, /still child groups attached/);
    assert.equal((await app.registry.findGroup('fleet-legacy'))?.parentGroupName, 'fleet');
  });

  it('a missing group is no error and no event; a stale expectedVersion is a VersionConflict', async () => {
    const app = new UseCaseApp();
    (await app.when(deleteGroup('no-such-group'))).thenNothingAppended();
    await app.given(createGroup('fleet'), updateGroup('fleet'));
    (await app.when(deleteGroup('fleet', 1))).thenFails('VersionConflict');
  });

  it('lost race: an update committed first makes an expectedVersion stale', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    app.store.interfere(() => app.send(updateGroup('fleet', { description: 'theirs' })));
    (await app.when(deleteGroup('fleet', 1))).thenFailsAfterOthersWrote('VersionConflict');
    assert.equal((await app.registry.findGroup('fleet'))?.version, 2);
  });
});

describe('A child group and its parent decide together (docs/aws-behaviour.md §14.4)', () => {
  it('DeleteThingGroup loses to a child created meanwhile: it decides again and refuses, and the child keeps its parent', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    app.store.interfere(() => app.send(createGroup('fleet-eu', { parentGroupName: 'fleet' })));
    const error = (await app.when(deleteGroup('fleet'))).thenFailsAfterOthersWrote('InvalidRequest');
    assert.match(error.message, /still child groups attached/);
    assert.equal(app.store.interferencesLeft(), 0);
    assert.equal((await app.registry.findGroup('fleet-eu'))?.parentGroupName, 'fleet');
    assert.notEqual(await app.registry.findGroup('fleet'), undefined);
  });

  it('a child creation loses to its parent deleted meanwhile: it decides again and finds no parent (InvalidRequest)', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    app.store.interfere(() => app.send(deleteGroup('fleet')));
    (await app.when(createGroup('fleet-eu', { parentGroupName: 'fleet' }))).thenFailsAfterOthersWrote('InvalidRequest');
    assert.equal(app.store.interferencesLeft(), 0);
    assert.equal(await app.registry.findGroup('fleet-eu'), undefined);
  });

  it('a sibling created meanwhile: the creation decides again and succeeds, and the parent records both children', async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'));
    app.store.interfere(() => app.send(createGroup('fleet-us', { parentGroupName: 'fleet' })));
    const outcome = await app.when(createGroup('fleet-eu', { parentGroupName: 'fleet' }));
    assert.deepEqual(
      outcome.events().map(({ streamId, type }) => `${type} ${streamId}`),
      [
        `ThingGroupCreated ${groupStream('fleet-us')}`,
        `ThingGroupChildAttached ${groupStream('fleet')}`,
        `ThingGroupCreated ${groupStream('fleet-eu')}`,
        `ThingGroupChildAttached ${groupStream('fleet')}`,
      ],
    );
    const { state } = await app.registryStreams.loadGroup('fleet');
    assert.deepEqual(state.group?.childGroupNames, ['fleet-us', 'fleet-eu']);
  });

  it("the 101st child created while the 100th commits is refused on the parent's count", async () => {
    const app = new UseCaseApp();
    await app.given(createGroup('fleet'), ...Array.from({ length: 99 }, (_, i) => createGroup(`child-${i}`, { parentGroupName: 'fleet' })));
    app.store.interfere(() => app.send(createGroup('child-99', { parentGroupName: 'fleet' })));
    const error = (await app.when(createGroup('child-100', { parentGroupName: 'fleet' }))).thenFailsAfterOthersWrote('InvalidRequest');
    assert.match(error.message, /already has 100 child groups/);
    assert.equal((await app.registryStreams.loadGroup('fleet')).state.group?.childGroupNames.length, 100);
    assert.equal(await app.registry.findGroup('child-100'), undefined);
  });
});
