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
    ]);
    (await app.when(deleteGroup('fleet', 1))).thenAppendedMatching([{ streamId: groupStream('fleet'), type: 'ThingGroupDeleted', data: {} }]);
    assert.equal(await app.registry.findGroup('fleet'), undefined);
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
