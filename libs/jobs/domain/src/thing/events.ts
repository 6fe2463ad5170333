import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { Attributes } from './attributes.js';

/** Events of one thing stream (`thing/<thingName>`). A deleted and re-created thing is a new thing (new thingId). */
interface ThingEventData {
  readonly thingName: string;
  readonly thingId: string;
  readonly at: string;
  readonly actor: Actor;
}

export type ThingCreated = Message<
  'ThingCreated',
  ThingEventData & {
    readonly thingArn: string;
    readonly thingTypeName?: string;
    readonly attributes: Attributes;
    readonly version: 1;
  }
>;

/** The thing's record after an UpdateThing: the whole record, so readers need no fold. */
export type ThingUpdated = Message<
  'ThingUpdated',
  ThingEventData & { readonly thingTypeName?: string; readonly attributes: Attributes; readonly version: number }
>;

/** The thing is gone, and with it its group memberships (`groups` names those it had). */
export type ThingDeleted = Message<'ThingDeleted', ThingEventData & { readonly version: number; readonly groups: readonly string[] }>;

export interface GroupMembership {
  readonly groupName: string;
  readonly groupId: string;
}

/**
 * AddThingToThingGroup, RemoveThingFromThingGroup and UpdateThingGroupsForThing: one event per
 * request, so a move between two groups is one change. `groups` is the thing's direct membership
 * after it, which makes "which groups was it in at time t" the last event before t.
 */
export type ThingGroupMembershipChanged = Message<
  'ThingGroupMembershipChanged',
  ThingEventData & {
    readonly added: readonly GroupMembership[];
    readonly removed: readonly GroupMembership[];
    readonly groups: readonly GroupMembership[];
  }
>;

export type ThingEvent = ThingCreated | ThingUpdated | ThingDeleted | ThingGroupMembershipChanged;
export type ThingEventType = ThingEvent['type'];
