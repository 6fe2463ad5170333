import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import {
  AddThingToThingGroupCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DeleteThingCommand,
  DeleteThingGroupCommand,
  DescribeThingCommand,
  DescribeThingGroupCommand,
  ListTagsForResourceCommand,
  ListThingGroupsCommand,
  ListThingGroupsForThingCommand,
  ListThingsCommand,
  ListThingsInThingGroupCommand,
  paginateListThings,
  paginateListThingsInThingGroup,
  RemoveThingFromThingGroupCommand,
  UpdateThingCommand,
  UpdateThingGroupCommand,
  UpdateThingGroupsForThingCommand,
} from '@aws-sdk/client-iot';
import { sdkError, startServiceUnderTest, uniqueName, type ServiceUnderTest } from '#testing';

/** The thing registry and static thing groups, through `@aws-sdk/client-iot`. */
describe('thing registry and thing groups', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    sut = await startServiceUnderTest({ env: { THING_TARGETS: 'registered' } });
  });
  after(() => sut.stop());

  const createThing = (thingName: string, extra: Record<string, unknown> = {}) => sut.cp.send(new CreateThingCommand({ thingName, ...extra }));
  const createGroup = (thingGroupName: string, parentGroupName?: string) =>
    sut.cp.send(new CreateThingGroupCommand({ thingGroupName, ...(parentGroupName ? { parentGroupName } : {}) }));

  it('CreateThing is idempotent for the same configuration and 409 with resourceId/resourceArn for another', async () => {
    const thingName = uniqueName('t');
    const first = await createThing(thingName, { attributePayload: { attributes: { floor: '1' } } });
    assert.equal(first.$metadata.httpStatusCode, 200, 'AWS answers CreateThing with 200, not 201');
    assert.equal(first.thingArn, `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`);
    const again = await createThing(thingName, { attributePayload: { attributes: { floor: '1' } } });
    assert.equal(again.thingId, first.thingId);
    const conflict = await sdkError(createThing(thingName, { attributePayload: { attributes: { floor: '2' } } }));
    assert.equal(conflict.name, 'ResourceAlreadyExistsException');
    assert.equal(conflict.$metadata.httpStatusCode, 409);
    assert.equal((conflict as unknown as { resourceId: string }).resourceId, first.thingId);
    assert.equal((conflict as unknown as { resourceArn: string }).resourceArn, first.thingArn);
    const described = await sut.cp.send(new DescribeThingCommand({ thingName }));
    assert.deepEqual([described.version, described.attributes, described.defaultClientId], [1, { floor: '1' }, thingName]);
  });

  it('UpdateThing replaces or merges attributes, checks expectedVersion and removes the type', async () => {
    const thingName = uniqueName('t');
    await createThing(thingName, { thingTypeName: 'sensor', attributePayload: { attributes: { a: '1', b: '2' } } });
    await sut.cp.send(new UpdateThingCommand({ thingName, attributePayload: { attributes: { a: '', c: '3' }, merge: true }, expectedVersion: 1 }));
    let thing = await sut.cp.send(new DescribeThingCommand({ thingName }));
    assert.deepEqual([thing.attributes, thing.version, thing.thingTypeName], [{ b: '2', c: '3' }, 2, 'sensor']);
    const stale = await sdkError(sut.cp.send(new UpdateThingCommand({ thingName, expectedVersion: 1 })));
    assert.equal(stale.name, 'VersionConflictException');
    assert.equal(stale.$metadata.httpStatusCode, 409);
    await sut.cp.send(new UpdateThingCommand({ thingName, removeThingType: true, attributePayload: { attributes: { x: '1' } } }));
    thing = await sut.cp.send(new DescribeThingCommand({ thingName }));
    assert.deepEqual([thing.attributes, thing.version, thing.thingTypeName], [{ x: '1' }, 3, undefined]);
    const tooMany = await sdkError(
      sut.cp.send(new UpdateThingCommand({ thingName, attributePayload: { attributes: { a: '1', b: '2', c: '3', d: '4' } } })),
    );
    assert.equal(tooMany.name, 'InvalidRequestException');
    const missing = await sdkError(sut.cp.send(new DescribeThingCommand({ thingName: uniqueName('nope') })));
    assert.equal(missing.$metadata.httpStatusCode, 404);
  });

  it('DeleteThing of a missing thing is 200; a re-created thing is a new thing', async () => {
    const thingName = uniqueName('t');
    await sut.cp.send(new DeleteThingCommand({ thingName }));
    const first = await createThing(thingName);
    await sut.cp.send(new DeleteThingCommand({ thingName, expectedVersion: 1 }));
    const second = await createThing(thingName);
    assert.notEqual(second.thingId, first.thingId);
    assert.equal((await sut.cp.send(new DescribeThingCommand({ thingName }))).version, 1);
  });

  it('ListThings filters by attribute (exact and prefix) and type, pages by name', async () => {
    const tag = uniqueName('site').replace(/-/g, '');
    const names = [0, 1, 2, 3, 4].map((i) => `${tag}-${i}`);
    for (const [i, thingName] of names.entries()) {
      await createThing(thingName, {
        thingTypeName: i % 2 === 0 ? 'even' : 'odd',
        attributePayload: { attributes: { site: `${tag}${i < 3 ? 'a' : 'b'}` } },
      });
    }
    const exact = await sut.cp.send(new ListThingsCommand({ attributeName: 'site', attributeValue: `${tag}a` }));
    assert.deepEqual(
      exact.things?.map((t) => t.thingName),
      names.slice(0, 3),
    );
    const paged: string[] = [];
    for await (const page of paginateListThings(
      { client: sut.cp, pageSize: 2 },
      { attributeName: 'site', attributeValue: tag, usePrefixAttributeValue: true },
    )) {
      assert.ok((page.things?.length ?? 0) <= 2);
      paged.push(...(page.things ?? []).map((t) => t.thingName!));
    }
    assert.deepEqual(paged, names);
    const typed = await sut.cp.send(
      new ListThingsCommand({ thingTypeName: 'odd', attributeName: 'site', attributeValue: tag, usePrefixAttributeValue: true }),
    );
    assert.deepEqual(
      typed.things?.map((t) => t.thingName),
      [names[1], names[3]],
    );
    const half = await sdkError(sut.cp.send(new ListThingsCommand({ attributeName: 'site' })));
    assert.equal(half.name, 'InvalidRequestException');
  });

  it('thing groups: hierarchy, idempotent create, 409, describe, update, delete rules', async () => {
    const [root, child, leaf] = [uniqueName('root'), uniqueName('child'), uniqueName('leaf')];
    const created = await createGroup(root);
    assert.equal(created.$metadata.httpStatusCode, 200, 'AWS answers CreateThingGroup with 200, not 201');
    assert.equal((await createGroup(root)).thingGroupId, created.thingGroupId);
    await createGroup(child, root);
    await createGroup(leaf, child);
    const moved = await sdkError(createGroup(leaf, root));
    assert.equal(moved.name, 'ResourceAlreadyExistsException');
    const orphan = await sdkError(createGroup(uniqueName('g'), uniqueName('missing')));
    assert.equal(orphan.name, 'InvalidRequestException');
    const described = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: leaf }));
    assert.deepEqual(
      described.thingGroupMetadata?.rootToParentThingGroups?.map((g) => g.groupName),
      [root, child],
    );
    assert.equal(described.thingGroupMetadata?.parentGroupName, child);
    assert.ok(described.thingGroupMetadata?.creationDate instanceof Date);
    const updated = await sut.cp.send(
      new UpdateThingGroupCommand({ thingGroupName: leaf, thingGroupProperties: { thingGroupDescription: 'leaf lights' }, expectedVersion: 1 }),
    );
    assert.equal(updated.version, 2);
    const hasChildren = await sdkError(sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: root })));
    assert.equal(hasChildren.name, 'InvalidRequestException');
    assert.equal(hasChildren.$metadata.httpStatusCode, 400);
    await sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: uniqueName('never') }));
    const recursive = await sut.cp.send(new ListThingGroupsCommand({ parentGroup: root }));
    assert.deepEqual(recursive.thingGroups?.map((g) => g.groupName).sort(), [child, leaf].sort());
    const direct = await sut.cp.send(new ListThingGroupsCommand({ parentGroup: root, recursive: false }));
    assert.deepEqual(
      direct.thingGroups?.map((g) => g.groupName),
      [child],
    );
    const unknown = await sdkError(sut.cp.send(new ListThingGroupsCommand({ parentGroup: uniqueName('missing') })));
    assert.equal(unknown.$metadata.httpStatusCode, 404);
  });

  it('membership: add/remove by name or ARN, limits, atomic moves, recursive listing with paging', async () => {
    const [root, child] = [uniqueName('root'), uniqueName('child')];
    await createGroup(root);
    await createGroup(child, root);
    const things = [uniqueName('m'), uniqueName('m'), uniqueName('m')];
    for (const thingName of things) await createThing(thingName);
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: root, thingName: things[0] }));
    await sut.cp.send(
      new AddThingToThingGroupCommand({ thingGroupArn: `arn:aws:iot:us-east-1:123456789012:thinggroup/${child}`, thingName: things[1] }),
    );
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: child, thingArn: `arn:aws:iot:us-east-1:123456789012:thing/${things[2]}` }));
    await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: child, thingName: things[2] })); // a repeat: no-op
    const sameHierarchy = await sdkError(sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: child, thingName: things[0] })));
    assert.equal(sameHierarchy.name, 'InvalidRequestException');
    const neither = await sdkError(sut.cp.send(new AddThingToThingGroupCommand({ thingName: things[0] })));
    assert.equal(neither.name, 'InvalidRequestException');
    const noGroup = await sdkError(sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: uniqueName('x'), thingName: things[0] })));
    assert.equal(noGroup.$metadata.httpStatusCode, 404);
    const direct = await sut.cp.send(new ListThingsInThingGroupCommand({ thingGroupName: root }));
    assert.deepEqual(direct.things, [things[0]]);
    const all: string[] = [];
    for await (const page of paginateListThingsInThingGroup({ client: sut.cp, pageSize: 2 }, { thingGroupName: root, recursive: true }))
      all.push(...(page.things ?? []));
    assert.deepEqual(all, [...things].sort());
    // A move within the hierarchy in one call is valid: the result has one group of it.
    await sut.cp.send(new UpdateThingGroupsForThingCommand({ thingName: things[0], thingGroupsToAdd: [child], thingGroupsToRemove: [root] }));
    const groups = await sut.cp.send(new ListThingGroupsForThingCommand({ thingName: things[0] }));
    assert.deepEqual(
      groups.thingGroups?.map((g) => g.groupName),
      [child],
    );
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: child, thingName: things[0] }));
    await sut.cp.send(new RemoveThingFromThingGroupCommand({ thingGroupName: child, thingName: things[0] })); // a non-member: no-op
    assert.deepEqual((await sut.cp.send(new ListThingGroupsForThingCommand({ thingName: things[0] }))).thingGroups, []);
  });

  it('a thing is in at most 10 groups', async () => {
    const thingName = uniqueName('busy');
    await createThing(thingName);
    const groups = Array.from({ length: 11 }, () => uniqueName('g'));
    for (const group of groups) await createGroup(group);
    await sut.cp.send(new UpdateThingGroupsForThingCommand({ thingName, thingGroupsToAdd: groups.slice(0, 10) }));
    const eleventh = await sdkError(sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: groups[10], thingName })));
    assert.equal(eleventh.name, 'InvalidRequestException');
    assert.equal(eleventh.$metadata.httpStatusCode, 400);
  });

  it('the other registry members: billing group, merge on create, group attributes and tags, paging, name prefix, expectedVersion on delete', async () => {
    // There are no billing groups: naming one is a 404 and creates nothing.
    const billed = uniqueName('t');
    const noBillingGroup = await sdkError(createThing(billed, { billingGroupName: 'finance' }));
    assert.equal(noBillingGroup.name, 'ResourceNotFoundException');
    assert.equal((await sdkError(sut.cp.send(new DescribeThingCommand({ thingName: billed })))).$metadata.httpStatusCode, 404);
    // merge on create has nothing to merge into: the given attributes are the thing's.
    const merged = uniqueName('t');
    await createThing(merged, { attributePayload: { attributes: { floor: '1', empty: '' }, merge: true } });
    assert.deepEqual((await sut.cp.send(new DescribeThingCommand({ thingName: merged }))).attributes, { floor: '1' });

    const group = uniqueName('g');
    await sut.cp.send(
      new CreateThingGroupCommand({
        thingGroupName: group,
        thingGroupProperties: { thingGroupDescription: 'berlin lights', attributePayload: { attributes: { site: 'berlin' }, merge: true } },
        tags: [{ Key: 'team', Value: 'ops' }, { Key: 'flag' }],
      }),
    );
    let described = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: group }));
    assert.deepEqual(described.thingGroupProperties, {
      thingGroupDescription: 'berlin lights',
      attributePayload: { attributes: { site: 'berlin' } },
    });
    const { tags } = await sut.cp.send(new ListTagsForResourceCommand({ resourceArn: `arn:aws:iot:us-east-1:123456789012:thinggroup/${group}` }));
    assert.deepEqual(
      tags,
      [
        { Key: 'team', Value: 'ops' },
        { Key: 'flag', Value: '' },
      ],
      'the tags are kept with the group (a missing Value is the empty value)',
    );
    await sut.cp.send(
      new UpdateThingGroupCommand({ thingGroupName: group, thingGroupProperties: { attributePayload: { attributes: { floor: '2' }, merge: true } } }),
    );
    described = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: group }));
    assert.deepEqual(described.thingGroupProperties?.attributePayload?.attributes, { site: 'berlin', floor: '2' });
    await sut.cp.send(
      new UpdateThingGroupCommand({
        thingGroupName: group,
        thingGroupProperties: { attributePayload: { attributes: { floor: '3' }, merge: false } },
      }),
    );
    described = await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: group }));
    assert.deepEqual([described.thingGroupProperties?.attributePayload?.attributes, described.version], [{ floor: '3' }, 3]);

    // Paging: maxResults bounds each page, nextToken continues where the last one ended.
    const prefix = uniqueName('pg').replace(/-/g, '');
    const groups = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
    for (const name of groups) await createGroup(name);
    const things = [`${prefix}-t1`, `${prefix}-t2`, `${prefix}-t3`];
    for (const thingName of things) await createThing(thingName, { attributePayload: { attributes: { batch: prefix } } });
    for (const thingGroupName of groups) await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName, thingName: things[0] }));
    for (const thingName of things.slice(1)) await sut.cp.send(new AddThingToThingGroupCommand({ thingGroupName: groups[0], thingName }));
    const pages = async <T>(send: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string }>) => {
      const seen: T[][] = [];
      let nextToken: string | undefined;
      do {
        const page = await send(nextToken);
        seen.push(page.items);
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return seen;
    };
    assert.deepEqual(
      await pages(async (nextToken) => {
        const page = await sut.cp.send(new ListThingsCommand({ attributeName: 'batch', attributeValue: prefix, maxResults: 2, nextToken }));
        return { items: (page.things ?? []).map((t) => t.thingName!), nextToken: page.nextToken };
      }),
      [things.slice(0, 2), things.slice(2)],
    );
    assert.deepEqual(
      await pages(async (nextToken) => {
        const page = await sut.cp.send(new ListThingGroupsCommand({ namePrefixFilter: prefix, maxResults: 2, nextToken }));
        return { items: (page.thingGroups ?? []).map((g) => g.groupName!), nextToken: page.nextToken };
      }),
      [groups.slice(0, 2), groups.slice(2)],
    );
    assert.deepEqual(
      await pages(async (nextToken) => {
        const page = await sut.cp.send(new ListThingGroupsForThingCommand({ thingName: things[0], maxResults: 2, nextToken }));
        return { items: (page.thingGroups ?? []).map((g) => g.groupName!).sort(), nextToken: page.nextToken };
      }).then((seen) => seen.map((page) => page.length)),
      [2, 1],
    );
    assert.deepEqual(
      await pages(async (nextToken) => {
        const page = await sut.cp.send(new ListThingsInThingGroupCommand({ thingGroupName: groups[0], maxResults: 2, nextToken }));
        return { items: page.things ?? [], nextToken: page.nextToken };
      }),
      [things.slice(0, 2), things.slice(2)],
    );

    // DeleteThingGroup checks expectedVersion like UpdateThingGroup does.
    const stale = await sdkError(sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: group, expectedVersion: 2 })));
    assert.equal(stale.name, 'VersionConflictException');
    await sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: group, expectedVersion: 3 }));
    assert.equal((await sdkError(sut.cp.send(new DescribeThingGroupCommand({ thingGroupName: group })))).$metadata.httpStatusCode, 404);
  });
});
