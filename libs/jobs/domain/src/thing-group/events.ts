import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { Attributes } from '../thing/attributes.js';

export interface Tag {
  readonly Key: string;
  readonly Value?: string;
}

/** Events of one static thing-group stream (`thing-group/<name>`). */
interface ThingGroupEventData {
  readonly thingGroupName: string;
  readonly thingGroupId: string;
  readonly at: string;
  readonly actor: Actor;
}

export type ThingGroupCreated = Message<
  'ThingGroupCreated',
  ThingGroupEventData & {
    readonly thingGroupArn: string;
    readonly parentGroupName?: string;
    /** Names of the group's ancestors, from the root down to the direct parent (fixed at creation). */
    readonly rootToParentThingGroups: readonly string[];
    readonly description?: string;
    readonly attributes: Attributes;
    readonly tags: readonly Tag[];
    readonly version: 1;
  }
>;

/** The group's properties after an UpdateThingGroup (the whole of them). */
export type ThingGroupUpdated = Message<
  'ThingGroupUpdated',
  ThingGroupEventData & { readonly description?: string; readonly attributes: Attributes; readonly version: number }
>;

/** The group is gone, and with it every membership in it. */
export type ThingGroupDeleted = Message<
  'ThingGroupDeleted',
  ThingGroupEventData & { readonly version: number; readonly rootToParentThingGroups: readonly string[] }
>;

export type ThingGroupEvent = ThingGroupCreated | ThingGroupUpdated | ThingGroupDeleted;
export type ThingGroupEventType = ThingGroupEvent['type'];
