import { assertNever } from '../assert-never.js';
import { DomainError } from '../errors.js';
import {
  applyAttributePayload,
  assertAttributeCount,
  MAX_ATTRIBUTES_WITH_TYPE,
  MAX_ATTRIBUTES_WITHOUT_TYPE,
  sameAttributes,
  withoutEmptyValues,
  type Attributes,
} from './attributes.js';
import type { ChangeThingGroups, CreateThing, DeleteThing, GroupRef, ThingCommand, UpdateThing } from './commands.js';
import type { GroupMembership, ThingEvent } from './events.js';
import type { Thing, ThingState } from './state.js';

/** A thing belongs to at most this many static groups (docs/aws-behaviour.md §14.1). */
export const MAX_GROUPS_PER_THING = 10;

/** Decisions of the thing aggregate (docs/aws-behaviour.md §13). */

function createThing(command: CreateThing, state: ThingState): ThingEvent[] {
  const { data } = command;
  if (data.billingGroupName !== undefined) {
    // There are no billing groups in this service, so every name is unknown (as on AWS: 404).
    throw new DomainError('ResourceNotFound', `Billing group ${data.billingGroupName} does not exist`);
  }
  const attributes = withoutEmptyValues(data.attributes);
  assertThingAttributes(attributes, data.thingTypeName);
  const existing = state.thing;
  if (existing !== undefined) {
    if (existing.thingTypeName === data.thingTypeName && sameAttributes(existing.attributes, attributes)) return [];
    throw new DomainError('ResourceAlreadyExists', `Thing ${data.thingName} already exists with a different configuration`, {
      resourceId: existing.thingId,
      resourceArn: existing.thingArn,
    });
  }
  return [
    {
      type: 'ThingCreated',
      data: {
        thingName: data.thingName,
        thingId: data.newThingId,
        thingArn: data.thingArn,
        ...(data.thingTypeName !== undefined ? { thingTypeName: data.thingTypeName } : {}),
        attributes,
        version: 1,
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

function updateThing(command: UpdateThing, state: ThingState): ThingEvent[] {
  const { data } = command;
  const thing = existingThing(state);
  if (data.removeThingType && data.thingTypeName !== undefined) {
    throw new DomainError('InvalidRequest', 'removeThingType and thingTypeName cannot be given together');
  }
  assertExpectedVersion(thing, data.expectedVersion);
  const thingTypeName = data.removeThingType ? undefined : (data.thingTypeName ?? thing.thingTypeName);
  const attributes = applyAttributePayload(thing.attributes, data.attributePayload);
  assertThingAttributes(attributes, thingTypeName);
  return [
    {
      type: 'ThingUpdated',
      data: {
        thingName: thing.thingName,
        thingId: thing.thingId,
        ...(thingTypeName !== undefined ? { thingTypeName } : {}),
        attributes,
        version: thing.version + 1,
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

function deleteThing(command: DeleteThing, state: ThingState): ThingEvent[] {
  const { data } = command;
  const thing = state.thing;
  if (thing === undefined) return [];
  assertExpectedVersion(thing, data.expectedVersion);
  return [
    {
      type: 'ThingDeleted',
      data: {
        thingName: thing.thingName,
        thingId: thing.thingId,
        version: thing.version,
        groups: Object.keys(thing.groups),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/**
 * Validates the membership the request leads to as a whole (at most 10 groups, one per hierarchy),
 * then records adds and removes as one change. Adding a member again or removing a non-member
 * changes nothing.
 */
function changeThingGroups(command: ChangeThingGroups, state: ThingState): ThingEvent[] {
  const { data } = command;
  const thing = existingThing(state);
  const live = new Map(data.liveGroups.filter((group) => thing.groups[group.name] === group.id).map((group) => [group.name, group]));
  const removed = data.remove.flatMap((name) => (live.has(name) ? [live.get(name)!] : []));
  for (const group of removed) live.delete(group.name);
  const added: GroupRef[] = [];
  for (const group of data.add) {
    if (live.get(group.name)?.id === group.id || added.some((a) => a.name === group.name)) continue;
    added.push(group);
  }
  if (added.length === 0 && removed.length === 0) return [];
  const final = [...live.values(), ...added];
  assertMembershipLimits(thing.thingName, final);
  return [
    {
      type: 'ThingGroupMembershipChanged',
      data: {
        thingName: thing.thingName,
        thingId: thing.thingId,
        added: added.map(membership),
        removed: removed.map(membership),
        groups: final.map(membership),
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

function assertMembershipLimits(thingName: string, groups: readonly GroupRef[]): void {
  if (groups.length > MAX_GROUPS_PER_THING) {
    throw new DomainError('InvalidRequest', `Thing ${thingName} can be in at most ${MAX_GROUPS_PER_THING} thing groups`);
  }
  const byRoot = new Map<string, string>();
  for (const group of groups) {
    const other = byRoot.get(group.root);
    if (other !== undefined) {
      throw new DomainError(
        'InvalidRequest',
        `Thing ${thingName} cannot be in both ${other} and ${group.name}: they are in the same hierarchy (root ${group.root})`,
      );
    }
    byRoot.set(group.root, group.name);
  }
}

function membership(group: GroupRef): GroupMembership {
  return { groupName: group.name, groupId: group.id };
}

function assertThingAttributes(attributes: Attributes, thingTypeName: string | undefined): void {
  const limit = thingTypeName === undefined ? MAX_ATTRIBUTES_WITHOUT_TYPE : MAX_ATTRIBUTES_WITH_TYPE;
  assertAttributeCount(attributes, limit, thingTypeName === undefined ? 'A thing without a thing type' : 'A thing with a thing type');
}

function assertExpectedVersion(thing: Thing, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== thing.version) {
    throw new DomainError('VersionConflict', `expected version ${expectedVersion} does not match current version ${thing.version}`);
  }
}

function existingThing(state: ThingState): Thing {
  if (state.thing === undefined) throw new DomainError('ResourceNotFound', 'Thing not found');
  return state.thing;
}

export function decideThing(command: ThingCommand, state: ThingState): ThingEvent[] {
  switch (command.type) {
    case 'CreateThing':
      return createThing(command, state);
    case 'UpdateThing':
      return updateThing(command, state);
    case 'DeleteThing':
      return deleteThing(command, state);
    case 'ChangeThingGroups':
      return changeThingGroups(command, state);
    default:
      return assertNever(command, 'thing command');
  }
}
