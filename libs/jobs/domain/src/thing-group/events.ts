import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { ResourceTag } from '../tags/tags.js';
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

/**
 * TagResource on the group (docs/aws-behaviour.md §20): only the keys added or given a new value,
 * in the shape of JobTagged. Tags are no change of the group as DescribeThingGroup shows it.
 */
export type ThingGroupTagged = Message<'ThingGroupTagged', ThingGroupEventData & { readonly tags: readonly ResourceTag[] }>;

/** UntagResource on the group: only the keys it had. */
export type ThingGroupUntagged = Message<'ThingGroupUntagged', ThingGroupEventData & { readonly tagKeys: readonly string[] }>;

export type ThingGroupEvent =
  | ThingGroupCreated
  | ThingGroupUpdated
  | ThingGroupDeleted
  | ThingGroupChildAttached
  | ThingGroupChildDetached
  | ThingGroupTagged
  | ThingGroupUntagged;
export type ThingGroupEventType = ThingGroupEvent['type'];
