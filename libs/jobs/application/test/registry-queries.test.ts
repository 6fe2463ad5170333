import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  DescribeThingGroupQuery,
  DescribeThingQuery,
  ListThingGroupsForThingQuery,
  ListThingGroupsQuery,
  ListThingsInThingGroupQuery,
  ListThingsQuery,
} from '#jobs/application';
import { minutesAfter, thingArn } from './support/messages.js';
import { addToGroups, createGroup, createThing, deleteGroup, thingGroupArn, updateThing } from './support/registry-messages.js';
import { T0, UseCaseApp } from './support/use-case-app.js';

/**
 * Groups fleet > fleet-eu > fleet-eu-west and beta (created at T0 + 1 min); things sensor-1 and
 * sensor-2 (type sensor), gateway-1; sensor-1 in fleet-eu-west and beta, sensor-2 in fleet,
 * gateway-1 in fleet-eu.
 */
async function registry(): Promise<UseCaseApp> {
  const app = new UseCaseApp();
  await app.given(createGroup('fleet'), createGroup('fleet-eu', { parentGroupName: 'fleet' }));
  await app.given(createGroup('fleet-eu-west', { parentGroupName: 'fleet-eu', description: 'west', attributes: { tier: '1' } }));
  app.clock.set(minutesAfter(T0, 1));
  await app.given(createGroup('beta'));
  await app.given(
    createThing('sensor-1', { thingTypeName: 'sensor', attributes: { site: 'paris-1' } }),
    createThing('sensor-2', { thingTypeName: 'sensor', attributes: { site: 'lyon' } }),
    createThing('gateway-1', { attributes: { site: 'paris-2' } }),
  );
  await app.given(addToGroups('sensor-1', 'fleet-eu-west', 'beta'), addToGroups('sensor-2', 'fleet'), addToGroups('gateway-1', 'fleet-eu'));
  return app;
}

/** Every item of a list, page by page (pages of `size`), so the cursors are used. */
async function allPages<T>(app: UseCaseApp, query: (cursor: string | undefined) => { constructor: unknown }, size = 1): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = (await app.when(query(cursor) as never)).thenNothingAppended() as { items: T[]; nextCursor?: string };
    assert.ok(page.items.length <= size);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

describe('DescribeThing and ListThings', () => {
  it('describes a thing as it is now', async () => {
    const app = await registry();
    await app.given(updateThing('sensor-1', { attributePayload: { attributes: { rack: '7' }, merge: true } }));
    const thing = (await app.when(new DescribeThingQuery({ thingName: 'sensor-1' }))).thenNothingAppended();
    assert.deepEqual(
      { ...thing, thingId: undefined },
      {
        thingName: 'sensor-1',
        thingId: undefined,
        thingArn: thingArn('sensor-1'),
        thingTypeName: 'sensor',
        attributes: { site: 'paris-1', rack: '7' },
        version: 2,
      },
    );
    (await app.when(new DescribeThingQuery({ thingName: 'no-such-thing' }))).thenFails('ResourceNotFound');
  });

  it('lists things by name, page by page, filtered by type or attribute (exact or prefix)', async () => {
    const app = await registry();
    const names = async (filter: Partial<ListThingsQuery['input']>) =>
      (
        await allPages<{ thingName: string }>(
          app,
          (cursor) => new ListThingsQuery({ usePrefixAttributeValue: false, maxResults: 1, ...filter, ...(cursor ? { cursor } : {}) }),
        )
      ).map((thing) => thing.thingName);
    assert.deepEqual(await names({}), ['gateway-1', 'sensor-1', 'sensor-2']);
    assert.deepEqual(await names({ thingTypeName: 'sensor' }), ['sensor-1', 'sensor-2']);
    assert.deepEqual(await names({ attributeName: 'site', attributeValue: 'lyon' }), ['sensor-2']);
    assert.deepEqual(await names({ attributeName: 'site', attributeValue: 'paris', usePrefixAttributeValue: true }), ['gateway-1', 'sensor-1']);
    assert.deepEqual(await names({ attributeName: 'site', attributeValue: 'paris' }), []);
  });
});

describe('DescribeThingGroup and ListThingGroups', () => {
  it('describes a group with its ancestry and creation time', async () => {
    const app = await registry();
    const group = (await app.when(new DescribeThingGroupQuery({ thingGroupName: 'fleet-eu-west' }))).thenNothingAppended();
    assert.deepEqual(
      { ...group, thingGroupId: undefined },
      {
        thingGroupName: 'fleet-eu-west',
        thingGroupId: undefined,
        thingGroupArn: thingGroupArn('fleet-eu-west'),
        parentGroupName: 'fleet-eu',
        rootToParentThingGroups: ['fleet', 'fleet-eu'],
        description: 'west',
        attributes: { tier: '1' },
        version: 1,
        createdAt: T0,
      },
    );
    (await app.when(new DescribeThingGroupQuery({ thingGroupName: 'no-such-group' }))).thenFails('ResourceNotFound');
  });

  it('lists groups by name: all, a parent’s children, its whole subtree, by name prefix', async () => {
    const app = await registry();
    const names = async (filter: Partial<ListThingGroupsQuery['input']>) =>
      (
        await allPages<{ groupName: string }>(
          app,
          (cursor) => new ListThingGroupsQuery({ recursive: false, maxResults: 1, ...filter, ...(cursor ? { cursor } : {}) }),
        )
      ).map((group) => group.groupName);
    assert.deepEqual(await names({}), ['beta', 'fleet', 'fleet-eu', 'fleet-eu-west']);
    assert.deepEqual(await names({ parentGroup: 'fleet' }), ['fleet-eu']);
    assert.deepEqual(await names({ parentGroup: 'fleet', recursive: true }), ['fleet-eu', 'fleet-eu-west']);
    assert.deepEqual(await names({ namePrefixFilter: 'fleet-' }), ['fleet-eu', 'fleet-eu-west']);
    (await app.when(new ListThingGroupsQuery({ parentGroup: 'no-such-group', recursive: false, maxResults: 10 }))).thenFails('ResourceNotFound');
  });
});

describe('ListThingsInThingGroup and ListThingGroupsForThing', () => {
  it('lists a group’s direct members, or those of its whole subtree, each thing once', async () => {
    const app = await registry();
    const members = (groupName: string, recursive: boolean) =>
      allPages<string>(app, (cursor) => new ListThingsInThingGroupQuery({ groupName, recursive, maxResults: 1, ...(cursor ? { cursor } : {}) }));
    assert.deepEqual(await members('fleet', false), ['sensor-2']);
    assert.deepEqual(await members('fleet', true), ['gateway-1', 'sensor-1', 'sensor-2']);
    assert.deepEqual(await members('fleet-eu-west', true), ['sensor-1']);
    (await app.when(new ListThingsInThingGroupQuery({ groupName: 'no-such-group', recursive: false, maxResults: 10 }))).thenFails('ResourceNotFound');
  });

  it('lists the groups a thing is directly in; a deleted group is gone from the list', async () => {
    const app = await registry();
    const groups = async (thingName: string) =>
      (
        await allPages<{ groupName: string; groupArn: string }>(
          app,
          (cursor) => new ListThingGroupsForThingQuery({ thingName, maxResults: 1, ...(cursor ? { cursor } : {}) }),
        )
      ).map((group) => [group.groupName, group.groupArn]);
    assert.deepEqual(await groups('sensor-1'), [
      ['beta', thingGroupArn('beta')],
      ['fleet-eu-west', thingGroupArn('fleet-eu-west')],
    ]);
    await app.given(deleteGroup('beta'));
    assert.deepEqual(await groups('sensor-1'), [['fleet-eu-west', thingGroupArn('fleet-eu-west')]]);
    (await app.when(new ListThingGroupsForThingQuery({ thingName: 'no-such-thing', maxResults: 10 }))).thenFails('ResourceNotFound');
  });
});
