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

/**
 * A child group was created under this group. It is appended to the parent's stream at the
 * parent's version in the same atomic write as the child's ThingGroupCreated, so the parent's own
 * stream knows its children: a concurrent DeleteThingGroup of the parent, or a concurrent sibling
 * creation, conflicts instead of deciding on a stale count (docs/aws-behaviour.md §14.4).
 * No change of the group as DescribeThingGroup shows it: `version` stays.
 */
export type ThingGroupChildAttached = Message<'ThingGroupChildAttached', ThingGroupEventData & { readonly childGroupName: string }>;

/** A child group was deleted; appended to the parent's stream with the child's ThingGroupDeleted. */
export type ThingGroupChildDetached = Message<'ThingGroupChildDetached', ThingGroupEventData & { readonly childGroupName: string }>;

export type ThingGroupEvent = ThingGroupCreated | ThingGroupUpdated | ThingGroupDeleted | ThingGroupChildAttached | ThingGroupChildDetached;
export type ThingGroupEventType = ThingGroupEvent['type'];
