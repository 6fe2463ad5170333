import type { Message } from '../decider.js';
import type { Actor } from '../statuses.js';
import type { AttributePayload, Attributes } from './attributes.js';

interface CommandBase {
  readonly actor: Actor;
  readonly now: Date;
}

export type CreateThing = Message<
  'CreateThing',
  CommandBase & {
    readonly thingName: string;
    readonly thingArn: string;
    /** Used only when the thing is created; a repeat answers with the existing thing's id. */
    readonly newThingId: string;
    readonly thingTypeName?: string;
    readonly attributes?: Attributes;
    readonly billingGroupName?: string;
  }
>;

export type UpdateThing = Message<
  'UpdateThing',
  CommandBase & {
    readonly thingTypeName?: string;
    readonly removeThingType?: boolean;
    readonly attributePayload?: AttributePayload;
    readonly expectedVersion?: number;
  }
>;

export type DeleteThing = Message<'DeleteThing', CommandBase & { readonly expectedVersion?: number }>;

/** A static group as membership rules need it: `root` is the top of its hierarchy (itself for a root group). */
export interface GroupRef {
  readonly name: string;
  readonly id: string;
  readonly root: string;
}

/**
 * Add and remove group memberships in one decision. `liveGroups` are the groups (among those the
 * thing's state names) that still exist with the same id: a membership of a deleted group is void.
 */
export type ChangeThingGroups = Message<
  'ChangeThingGroups',
  CommandBase & {
    readonly add: readonly GroupRef[];
    readonly remove: readonly string[];
    readonly liveGroups: readonly GroupRef[];
  }
>;

export type ThingCommand = CreateThing | UpdateThing | DeleteThing | ChangeThingGroups;
