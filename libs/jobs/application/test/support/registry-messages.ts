import {
  ChangeThingGroupsCommand,
  CreateThingCommand,
  CreateThingGroupCommand,
  DeleteThingCommand,
  DeleteThingGroupCommand,
  UpdateThingCommand,
  UpdateThingGroupCommand,
} from '#jobs/application';
import { thingGroupStreamId, thingStreamId } from '#jobs/domain';
import { OPERATOR } from './messages.js';

/** Builders of the registry commands the scenarios send, with the defaults a plain request has. */

export const thingGroupArn = (groupName: string): string => `arn:aws:iot:eu-west-1:123456789012:thinggroup/${groupName}`;
export const thingStream = (thingName: string): string => thingStreamId(thingName);
export const groupStream = (groupName: string): string => thingGroupStreamId(groupName);

export const createThing = (thingName: string, input: Partial<CreateThingCommand['input']> = {}) =>
  new CreateThingCommand({ thingName, actor: OPERATOR, ...input });

export const updateThing = (thingName: string, input: Partial<UpdateThingCommand['input']> = {}) =>
  new UpdateThingCommand({ thingName, actor: OPERATOR, ...input });

export const deleteThing = (thingName: string, expectedVersion?: number) =>
  new DeleteThingCommand({ thingName, actor: OPERATOR, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });

export const createGroup = (thingGroupName: string, input: Partial<CreateThingGroupCommand['input']> = {}) =>
  new CreateThingGroupCommand({ thingGroupName, actor: OPERATOR, ...input });

export const updateGroup = (thingGroupName: string, input: Partial<UpdateThingGroupCommand['input']> = {}) =>
  new UpdateThingGroupCommand({ thingGroupName, actor: OPERATOR, ...input });

export const deleteGroup = (thingGroupName: string, expectedVersion?: number) =>
  new DeleteThingGroupCommand({ thingGroupName, actor: OPERATOR, ...(expectedVersion !== undefined ? { expectedVersion } : {}) });

export const addToGroups = (thingName: string, ...groups: string[]) =>
  new ChangeThingGroupsCommand({ thingName, add: groups, remove: [], actor: OPERATOR });

export const removeFromGroups = (thingName: string, ...groups: string[]) =>
  new ChangeThingGroupsCommand({ thingName, add: [], remove: groups, actor: OPERATOR });

/** UpdateThingGroupsForThing: both lists in one request (one event). */
export const moveBetweenGroups = (thingName: string, add: string[], remove: string[]) =>
  new ChangeThingGroupsCommand({ thingName, add, remove, actor: OPERATOR });
