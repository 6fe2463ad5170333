import type { Message } from '../decider.js';
import type { ResourceTag } from '../tags/tags.js';
import type { Actor } from '../statuses.js';
import type { AttributePayload, Attributes } from '../thing/attributes.js';
import type { Tag } from './events.js';

interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

/** The parent as its own stream shows it: its ancestry and how many children it has. */
export interface ParentGroup {
  readonly name: string;
  readonly rootToParentThingGroups: readonly string[];
  readonly childCount: number;
}

export type CreateThingGroup = Message<
  'CreateThingGroup',
  CommandBase & {
    readonly thingGroupName: string;
    readonly thingGroupArn: string;
    readonly newThingGroupId: string;
    readonly parentGroupName?: string;
    /** Undefined when parentGroupName names no existing group. */
    readonly parent?: ParentGroup;
    readonly description?: string;
    readonly attributes?: Attributes;
    readonly tags?: readonly Tag[];
  }
>;

export type UpdateThingGroup = Message<
  'UpdateThingGroup',
  CommandBase & { readonly description?: string; readonly attributePayload?: AttributePayload; readonly expectedVersion?: number }
>;

/** Refused while the group's own stream records child groups. */
/**
 * `registeredChildGroups`: the children the registry lists. The group's own stream records every
 * child created since parents record theirs (DECISIONS.md 62); the registry also knows older ones.
 */
export type DeleteThingGroup = Message<
  'DeleteThingGroup',
  CommandBase & { readonly expectedVersion?: number; readonly registeredChildGroups?: number }
>;

/** Decided on the parent's stream together with the child's creation or deletion (§14.4). */
export type AttachChildGroup = Message<'AttachChildGroup', CommandBase & { readonly childGroupName: string }>;
export type DetachChildGroup = Message<'DetachChildGroup', CommandBase & { readonly childGroupName: string }>;

export type TagThingGroup = Message<'TagThingGroup', CommandBase & { readonly tags: readonly ResourceTag[] }>;
export type UntagThingGroup = Message<'UntagThingGroup', CommandBase & { readonly tagKeys: readonly string[] }>;

export type ThingGroupCommand =
  | CreateThingGroup
  | UpdateThingGroup
  | DeleteThingGroup
  | AttachChildGroup
  | DetachChildGroup
  | TagThingGroup
  | UntagThingGroup;
