import { foldEvents, thingDecider, type ThingEvent, type ThingGroupMembershipChanged } from '#jobs/domain';
import type { HistoryEntry } from './history-queries.js';

/** One direct membership as it stood: the group, and the change that put the thing in it. */
export interface MembershipAsOf {
  thingGroupName: string;
  /** A deleted and re-created group is another group: the id tells which one the thing joined. */
  thingGroupId: string;
  /** When and by whom (null only if no membership change lists the group, which the domain never writes). */
  addedAt: string | null;
  addedBy: string | null;
}

export interface ThingGroupsAsOf {
  thingName: string;
  thingId: string;
  asOf: { time: string; streamVersion: number };
  thingGroups: MembershipAsOf[];
}

/**
 * The thing's direct group memberships at the end of `thingEntries` (its stream's events up to
 * some time, in stream order), or undefined when the thing did not exist then. The stream is
 * folded with the domain's own decider, so the answer cannot disagree with how the service folds
 * the same events. A group deleted by then (`groupDeletions`, matched by group id) no longer holds
 * the thing: deleting a group ends its memberships without an event on the thing's stream.
 */
export function thingGroupsFromHistory(
  thingEntries: readonly HistoryEntry[],
  groupDeletions: readonly HistoryEntry[],
  time: Date,
): ThingGroupsAsOf | undefined {
  const events = thingEntries.map((entry) => ({ type: entry.eventType, data: entry.payload.data }) as unknown as ThingEvent);
  const { thing } = foldEvents(thingDecider, events);
  if (thing === undefined) return undefined;
  const deletedGroupIds = new Set(groupDeletions.map((entry) => String(entry.payload.data.thingGroupId)));
  const added = whenAdded(thingEntries);
  const thingGroups = Object.entries(thing.groups)
    .filter(([, groupId]) => !deletedGroupIds.has(groupId))
    .map(([thingGroupName, thingGroupId]) => ({ thingGroupName, thingGroupId, addedAt: null, addedBy: null, ...added.get(thingGroupId) }))
    .sort((a, b) => a.thingGroupName.localeCompare(b.thingGroupName));
  return {
    thingName: thing.thingName,
    thingId: thing.thingId,
    asOf: { time: time.toISOString(), streamVersion: thingEntries.at(-1)!.streamVersion },
    thingGroups,
  };
}

/**
 * By group id: the change that put the thing in each group it is in at the end. Read from each
 * change's `groups` (the membership after it), so a group counts from the first change that lists
 * it, and a removal or deletion starts it afresh.
 */
function whenAdded(thingEntries: readonly HistoryEntry[]): Map<string, { addedAt: string; addedBy: string | null }> {
  let added = new Map<string, { addedAt: string; addedBy: string | null }>();
  for (const entry of thingEntries) {
    if (entry.eventType === 'ThingDeleted') added = new Map();
    if (entry.eventType !== 'ThingGroupMembershipChanged') continue;
    const data = entry.payload.data as unknown as ThingGroupMembershipChanged['data'];
    const since = { addedAt: entry.occurredAt, addedBy: entry.actor };
    added = new Map(data.groups.map((group) => [group.groupId, added.get(group.groupId) ?? since]));
  }
  return added;
}
