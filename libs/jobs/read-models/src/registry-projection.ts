import type pg from 'pg';
import type { InlineProjection, StoredEvent } from '#event-store';
import { groupTagsOf, type ThingEvent, type ThingGroupEvent } from '#jobs/domain';
import { deleteAllTags, deleteTags, upsertTags } from './resource-tags-projection.js';

const REGISTRY_EVENTS = [
  'ThingCreated',
  'ThingUpdated',
  'ThingDeleted',
  'ThingGroupMembershipChanged',
  'ThingGroupCreated',
  'ThingGroupUpdated',
  'ThingGroupDeleted',
  'ThingGroupTagged',
  'ThingGroupUntagged',
] as const;

/**
 * Keeps thing_view, thing_group_view, thing_group_membership and the groups' rows of
 * resource_tag_view equal to the registry's events. (thing_group_view.tags keeps the creation's
 * tags only; ListTagsForResource reads resource_tag_view.)
 */
export const registryInlineProjection: InlineProjection = {
  name: 'registry-current-state',
  handles: [...REGISTRY_EVENTS],
  async apply(tx, events) {
    for (const event of events) await applyRegistryEvent(tx, event);
  },
};

async function applyRegistryEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as ThingEvent | ThingGroupEvent;
  switch (event.type) {
    case 'ThingCreated':
    case 'ThingUpdated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO thing_view (thing_name, thing_id, thing_type_name, attributes, version) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (thing_name) DO UPDATE SET thing_id = $2, thing_type_name = $3, attributes = $4, version = $5`,
        [d.thingName, d.thingId, d.thingTypeName ?? null, JSON.stringify(d.attributes), d.version],
      );
      return;
    }
    case 'ThingDeleted':
      await tx.query(`DELETE FROM thing_view WHERE thing_name = $1`, [event.data.thingName]);
      await tx.query(`DELETE FROM thing_group_membership WHERE thing_name = $1`, [event.data.thingName]);
      return;
    case 'ThingGroupMembershipChanged': {
      const d = event.data;
      await tx.query(`DELETE FROM thing_group_membership WHERE thing_name = $1 AND group_name = ANY($2::text[])`, [
        d.thingName,
        d.removed.map((m) => m.groupName),
      ]);
      await tx.query(`INSERT INTO thing_group_membership (group_name, thing_name) SELECT unnest($2::text[]), $1 ON CONFLICT DO NOTHING`, [
        d.thingName,
        d.added.map((m) => m.groupName),
      ]);
      return;
    }
    case 'ThingGroupCreated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO thing_group_view (group_name, group_id, parent_group_name, root_to_parent, description, attributes, tags, version, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          d.thingGroupName,
          d.thingGroupId,
          d.parentGroupName ?? null,
          d.rootToParentThingGroups,
          d.description ?? null,
          JSON.stringify(d.attributes),
          JSON.stringify(d.tags),
          d.version,
          d.at,
        ],
      );
      await upsertTags(tx, 'thinggroup', d.thingGroupName, groupTagsOf(d.tags));
      return;
    }
    case 'ThingGroupUpdated': {
      const d = event.data;
      await tx.query(`UPDATE thing_group_view SET description = $2, attributes = $3, version = $4 WHERE group_name = $1`, [
        d.thingGroupName,
        d.description ?? null,
        JSON.stringify(d.attributes),
        d.version,
      ]);
      return;
    }
    case 'ThingGroupDeleted':
      await tx.query(`DELETE FROM thing_group_view WHERE group_name = $1`, [event.data.thingGroupName]);
      await tx.query(`DELETE FROM thing_group_membership WHERE group_name = $1`, [event.data.thingGroupName]);
      await deleteAllTags(tx, 'thinggroup', event.data.thingGroupName);
      return;
    case 'ThingGroupTagged':
      await upsertTags(tx, 'thinggroup', event.data.thingGroupName, event.data.tags);
      return;
    case 'ThingGroupUntagged':
      await deleteTags(tx, 'thinggroup', event.data.thingGroupName, event.data.tagKeys);
      return;
    case 'ThingGroupChildAttached':
    case 'ThingGroupChildDetached':
      return; // the views know a group's children by parent_group_name
  }
}
