import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CreateThingGroupCommand, DeleteThingGroupCommand, DescribeThingGroupCommand, ListThingGroupsCommand } from '@aws-sdk/client-iot';
import { startServiceUnderTest, uniqueName, type ServiceUnderTest } from '#testing';

/**
 * A child group and its parent are decided on the parent's own stream (docs/aws-behaviour.md
 * §14.4): requests racing through the real service and Postgres never leave a child without its
 * parent, nor a parent with more than 100 children.
 */
describe('thing-group hierarchy under concurrent requests', () => {
  let sut: ServiceUnderTest;
  before(async () => {
    // Hundreds of requests in a row: throttling (tested on its own) must not answer them.
    sut = await startServiceUnderTest({ env: { THROTTLE_RATE_PER_SECOND: '10000', THROTTLE_BURST: '10000' } });
  });
  after(() => sut.stop());

  const createGroup = (thingGroupName: string, parentGroupName?: string) =>
    sut.cp.send(new CreateThingGroupCommand({ thingGroupName, ...(parentGroupName ? { parentGroupName } : {}) }));
  const exists = async (thingGroupName: string) => {
    try {
      await sut.cp.send(new DescribeThingGroupCommand({ thingGroupName }));
      return true;
    } catch (error) {
      assert.equal((error as Error).name, 'ResourceNotFoundException');
      return false;
    }
  };
  const refusal = (settled: PromiseSettledResult<unknown>) =>
    settled.status === 'rejected' ? `${(settled.reason as Error).name} ${(settled.reason as Error).message}` : 'ok';

  it('DeleteThingGroup racing a CreateThingGroup of its child: the child never survives its deleted parent', async () => {
    const outcomes = new Map<string, number>();
    for (let round = 0; round < 30; round++) {
      const parent = uniqueName('parent');
      const child = uniqueName('child');
      await createGroup(parent);
      const [created, deleted] = await Promise.allSettled([
        createGroup(child, parent),
        sut.cp.send(new DeleteThingGroupCommand({ thingGroupName: parent })),
      ]);
      const [childExists, parentExists] = [await exists(child), await exists(parent)];
      assert.ok(
        !childExists || parentExists,
        `round ${round}: child ${child} outlived its parent (create: ${refusal(created)}, delete: ${refusal(deleted)})`,
      );
      if (created.status === 'fulfilled') {
        assert.ok(childExists, `round ${round}: the created child is missing`);
        assert.match(
          refusal(deleted),
          /^(ok|InvalidRequestException Cannot delete thing group : \S+ when there are still child groups attached to it\.)$/,
        );
        assert.equal(deleted.status === 'fulfilled' && parentExists, false, `round ${round}: the delete answered 200 but the parent is there`);
      } else {
        assert.match(refusal(created), /^InvalidRequestException Parent thing group \S+ does not exist$/);
        assert.deepEqual([childExists, parentExists, deleted.status], [false, false, 'fulfilled']);
      }
      const key = `create ${created.status}, delete ${deleted.status}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    // Either order may win a round; every round ended in one of the two consistent outcomes.
    assert.ok(
      [...outcomes.keys()].every((key) => key === 'create fulfilled, delete rejected' || key === 'create rejected, delete fulfilled'),
      [...outcomes].join('; '),
    );
  });

  it('concurrent creations of the 99th to 102nd child: exactly two succeed, and the parent never has more than 100', async () => {
    for (let round = 0; round < 2; round++) {
      const parent = uniqueName('full');
      await createGroup(parent);
      for (let i = 0; i < 98; i++) await createGroup(`${parent}-c${i}`, parent);
      const racing = await Promise.allSettled([0, 1, 2, 3].map((i) => createGroup(`${parent}-last${i}`, parent)));
      const refused = racing.filter((settled) => settled.status === 'rejected').map(refusal);
      assert.equal(refused.length, 2, refused.join('; '));
      for (const message of refused)
        assert.match(message, new RegExp(`^InvalidRequestException Thing group ${parent} already has 100 child groups$`));
      const children = await sut.cp.send(new ListThingGroupsCommand({ parentGroup: parent, recursive: false, maxResults: 250 }));
      assert.equal(children.thingGroups?.length, 100);
    }
  });
});
