import {
  GROUPS,
  LATER,
  MEMBERSHIP,
  PAGING,
  REGISTRY_MEMBERS,
  THING_CREATE,
  THING_DELETE,
  THING_LIST,
  THING_UPDATE,
  groupPropertiesMembers,
  membershipMembers,
  type InputDecisions,
} from './covering-tests.js';

/** The thing registry and static thing groups (docs/aws-behaviour.md §13–14). */
export const REGISTRY_DECISIONS: Record<string, InputDecisions> = {
  CreateThing: {
    honoured: {
      thingName: THING_CREATE,
      thingTypeName: THING_UPDATE,
      attributePayload: THING_CREATE,
      'attributePayload.attributes': THING_CREATE,
      'attributePayload.merge': REGISTRY_MEMBERS,
      billingGroupName: REGISTRY_MEMBERS,
    },
    refused: {},
  },
  DescribeThing: { honoured: { thingName: THING_CREATE }, refused: {} },
  UpdateThing: {
    honoured: {
      thingName: THING_UPDATE,
      thingTypeName: THING_UPDATE,
      attributePayload: THING_UPDATE,
      'attributePayload.attributes': THING_UPDATE,
      'attributePayload.merge': THING_UPDATE,
      expectedVersion: THING_UPDATE,
      removeThingType: THING_UPDATE,
    },
    refused: {},
  },
  DeleteThing: { honoured: { thingName: THING_DELETE, expectedVersion: THING_DELETE }, refused: {} },
  ListThings: {
    honoured: {
      ...PAGING,
      attributeName: THING_LIST,
      attributeValue: THING_LIST,
      thingTypeName: THING_LIST,
      usePrefixAttributeValue: THING_LIST,
    },
    refused: {},
  },
  ListThingGroupsForThing: { honoured: { thingName: MEMBERSHIP, ...PAGING }, refused: {} },
  CreateThingGroup: {
    honoured: {
      thingGroupName: GROUPS,
      parentGroupName: GROUPS,
      ...groupPropertiesMembers(REGISTRY_MEMBERS),
      tags: REGISTRY_MEMBERS,
      'tags[].Key': REGISTRY_MEMBERS,
      'tags[].Value': REGISTRY_MEMBERS,
    },
    refused: {},
  },
  DescribeThingGroup: { honoured: { thingGroupName: GROUPS }, refused: {} },
  UpdateThingGroup: {
    honoured: { thingGroupName: GROUPS, expectedVersion: GROUPS, ...groupPropertiesMembers(REGISTRY_MEMBERS) },
    refused: {},
  },
  DeleteThingGroup: { honoured: { thingGroupName: GROUPS, expectedVersion: REGISTRY_MEMBERS }, refused: {} },
  ListThingGroups: {
    honoured: { ...PAGING, parentGroup: GROUPS, recursive: GROUPS, namePrefixFilter: REGISTRY_MEMBERS },
    refused: {},
  },
  ListThingsInThingGroup: { honoured: { thingGroupName: MEMBERSHIP, recursive: MEMBERSHIP, ...PAGING }, refused: {} },
  AddThingToThingGroup: { honoured: membershipMembers, refused: { overrideDynamicGroups: LATER.dynamicGroups } },
  RemoveThingFromThingGroup: { honoured: membershipMembers, refused: {} },
  UpdateThingGroupsForThing: {
    honoured: { thingName: MEMBERSHIP, thingGroupsToAdd: MEMBERSHIP, thingGroupsToRemove: MEMBERSHIP },
    refused: { overrideDynamicGroups: LATER.dynamicGroups },
  },
};
