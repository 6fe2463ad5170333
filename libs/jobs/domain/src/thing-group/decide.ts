import { assertNever } from '../assert-never.js';
import { DomainError } from '../errors.js';
import { applyAttributePayload, assertAttributeCount, sameAttributes, withoutEmptyValues } from '../thing/attributes.js';
import { assertTags, changedTags, MAX_TAGS_PER_RESOURCE, removedTagKeys } from '../tags/tags.js';
import type {
  AttachChildGroup,
  CreateThingGroup,
  DeleteThingGroup,
  DetachChildGroup,
  TagThingGroup,
  ThingGroupCommand,
  UntagThingGroup,
  UpdateThingGroup,
} from './commands.js';
import type { ThingGroupEvent } from './events.js';
import { groupTagsOf, type ThingGroup, type ThingGroupState } from './state.js';

/** Hierarchy limits (docs/aws-behaviour.md §14.1, DECISIONS.md 33). */
export const MAX_GROUP_DEPTH = 7;
export const MAX_CHILD_GROUPS = 100;
export const MAX_GROUP_ATTRIBUTES = 50;

function createThingGroup(command: CreateThingGroup, state: ThingGroupState): ThingGroupEvent[] {
  const { data } = command;
  const attributes = withoutEmptyValues(data.attributes);
  assertAttributeCount(attributes, MAX_GROUP_ATTRIBUTES, 'A thing group');
  const existing = state.group;
  if (existing !== undefined) {
    if (sameConfiguration(existing, data, attributes)) return [];
    throw new DomainError('ResourceAlreadyExists', `Thing group ${data.thingGroupName} already exists with a different configuration`, {
      resourceId: existing.thingGroupId,
      resourceArn: existing.thingGroupArn,
    });
  }
  const rootToParentThingGroups = ancestryUnder(data);
  assertCreationTags(data.tags ?? []);
  return [
    {
      type: 'ThingGroupCreated',
      data: {
        thingGroupName: data.thingGroupName,
        thingGroupId: data.newThingGroupId,
        thingGroupArn: data.thingGroupArn,
        ...(data.parentGroupName !== undefined ? { parentGroupName: data.parentGroupName } : {}),
        rootToParentThingGroups,
        ...(data.description !== undefined ? { description: data.description } : {}),
        attributes,
        tags: data.tags ?? [],
        version: 1,
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/**
 * The tag rules of §20.2 on creation; more than 50 is InvalidRequest, as CreateThingGroup models no
 * LimitExceeded (DECISIONS.md 49).
 */
function assertCreationTags(tags: NonNullable<CreateThingGroup['data']['tags']>): void {
  const held = groupTagsOf(tags);
  assertTags(held);
  if (held.length > MAX_TAGS_PER_RESOURCE) {
    throw new DomainError('InvalidRequest', `A thing group can have at most ${MAX_TAGS_PER_RESOURCE} tags; this would make ${held.length}`);
  }
}

/** TagResource on the group: no event when every tag is already held; a 51st tag is LimitExceeded. */
function tagThingGroup({ data }: TagThingGroup, state: ThingGroupState): ThingGroupEvent[] {
  const group = existingGroup(state);
  const tags = changedTags(group.tags, data.tags);
  if (tags.length === 0) return [];
  return [{ type: 'ThingGroupTagged', data: { ...groupRef(group), tags, at: data.now.toISOString(), actor: data.actor } }];
}

/** UntagResource on the group: no event when it holds none of the keys. */
function untagThingGroup({ data }: UntagThingGroup, state: ThingGroupState): ThingGroupEvent[] {
  const group = existingGroup(state);
  const tagKeys = removedTagKeys(group.tags, data.tagKeys);
  if (tagKeys.length === 0) return [];
  return [{ type: 'ThingGroupUntagged', data: { ...groupRef(group), tagKeys, at: data.now.toISOString(), actor: data.actor } }];
}

/** The new group's ancestors; a missing parent, a too deep hierarchy or a full parent is a 400 (CreateThingGroup models no 404). */
function ancestryUnder(data: CreateThingGroup['data']): string[] {
  if (data.parentGroupName === undefined) return [];
  const parent = data.parent;
  if (parent === undefined) throw new DomainError('InvalidRequest', `Parent thing group ${data.parentGroupName} does not exist`);
  const ancestry = [...parent.rootToParentThingGroups, parent.name];
  if (ancestry.length + 1 > MAX_GROUP_DEPTH) {
    throw new DomainError('InvalidRequest', `A thing group hierarchy can be at most ${MAX_GROUP_DEPTH} levels deep`);
  }
  if (parent.childCount >= MAX_CHILD_GROUPS) {
    throw new DomainError('InvalidRequest', `Thing group ${parent.name} already has ${MAX_CHILD_GROUPS} child groups`);
  }
  return ancestry;
}

function sameConfiguration(existing: ThingGroup, data: CreateThingGroup['data'], attributes: Record<string, string>): boolean {
  return (
    existing.parentGroupName === data.parentGroupName && existing.description === data.description && sameAttributes(existing.attributes, attributes)
  );
}

function updateThingGroup(command: UpdateThingGroup, state: ThingGroupState): ThingGroupEvent[] {
  const { data } = command;
  const group = existingGroup(state);
  assertExpectedVersion(group, data.expectedVersion);
  const attributes = applyAttributePayload(group.attributes, data.attributePayload);
  assertAttributeCount(attributes, MAX_GROUP_ATTRIBUTES, 'A thing group');
  const description = data.description ?? group.description;
  return [
    {
      type: 'ThingGroupUpdated',
      data: {
        thingGroupName: group.thingGroupName,
        thingGroupId: group.thingGroupId,
        ...(description !== undefined ? { description } : {}),
        attributes,
        version: group.version + 1,
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

function deleteThingGroup(command: DeleteThingGroup, state: ThingGroupState): ThingGroupEvent[] {
  const { data } = command;
  const group = state.group;
  if (group === undefined) return [];
  assertExpectedVersion(group, data.expectedVersion);
  if (group.childGroupNames.length > 0 || (data.registeredChildGroups ?? 0) > 0) {
    throw new DomainError('InvalidRequest', `Cannot delete thing group : ${group.thingGroupName} when there are still child groups attached to it.`);
  }
  return [
    {
      type: 'ThingGroupDeleted',
      data: {
        thingGroupName: group.thingGroupName,
        thingGroupId: group.thingGroupId,
        version: group.version,
        rootToParentThingGroups: group.rootToParentThingGroups,
        at: data.now.toISOString(),
        actor: data.actor,
      },
    },
  ];
}

/**
 * The parent's side of a child's creation: the limit is checked again here, on the parent's own
 * stream, so two children created at once cannot both be the 100th (the loser's append conflicts
 * and it decides again). A child already recorded changes nothing.
 */
function attachChildGroup(command: AttachChildGroup, state: ThingGroupState): ThingGroupEvent[] {
  const { data } = command;
  const group = state.group;
  if (group === undefined) throw new DomainError('InvalidRequest', `Parent thing group does not exist`);
  if (group.childGroupNames.includes(data.childGroupName)) return [];
  if (group.childGroupNames.length >= MAX_CHILD_GROUPS) {
    throw new DomainError('InvalidRequest', `Thing group ${group.thingGroupName} already has ${MAX_CHILD_GROUPS} child groups`);
  }
  return [
    {
      type: 'ThingGroupChildAttached',
      data: { ...groupRef(group), childGroupName: data.childGroupName, at: data.now.toISOString(), actor: data.actor },
    },
  ];
}

/** The parent's side of a child's deletion; a parent already gone or a child it does not record changes nothing. */
function detachChildGroup(command: DetachChildGroup, state: ThingGroupState): ThingGroupEvent[] {
  const { data } = command;
  const group = state.group;
  if (group === undefined || !group.childGroupNames.includes(data.childGroupName)) return [];
  return [
    {
      type: 'ThingGroupChildDetached',
      data: { ...groupRef(group), childGroupName: data.childGroupName, at: data.now.toISOString(), actor: data.actor },
    },
  ];
}

function groupRef(group: ThingGroup): { thingGroupName: string; thingGroupId: string } {
  return { thingGroupName: group.thingGroupName, thingGroupId: group.thingGroupId };
}

function assertExpectedVersion(group: ThingGroup, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && expectedVersion !== group.version) {
    throw new DomainError('VersionConflict', `expected version ${expectedVersion} does not match current version ${group.version}`);
  }
}

function existingGroup(state: ThingGroupState): ThingGroup {
  if (state.group === undefined) throw new DomainError('ResourceNotFound', 'Thing group not found');
  return state.group;
}

export function decideThingGroup(command: ThingGroupCommand, state: ThingGroupState): ThingGroupEvent[] {
  switch (command.type) {
    case 'CreateThingGroup':
      return createThingGroup(command, state);
    case 'UpdateThingGroup':
      return updateThingGroup(command, state);
    case 'DeleteThingGroup':
      return deleteThingGroup(command, state);
    case 'AttachChildGroup':
      return attachChildGroup(command, state);
    case 'DetachChildGroup':
      return detachChildGroup(command, state);
    case 'TagThingGroup':
      return tagThingGroup(command, state);
    case 'UntagThingGroup':
      return untagThingGroup(command, state);
    default:
      return assertNever(command, 'thing-group command');
  }
}
