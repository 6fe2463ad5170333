import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { AttributePayload, Attributes } from '../thing/attributes.js';
import type { Tag } from './events.js';

interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

/** The parent as the application found it: its own ancestry and how many children it has. */
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

export type DeleteThingGroup = Message<'DeleteThingGroup', CommandBase & { readonly expectedVersion?: number; readonly childCount: number }>;

export type ThingGroupCommand = CreateThingGroup | UpdateThingGroup | DeleteThingGroup;
