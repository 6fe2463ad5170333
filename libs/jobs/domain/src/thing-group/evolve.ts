import { assertNever } from '../assert-never.js';
import type { Decider } from '../decider.js';
import type { ThingGroupCommand } from './commands.js';
import { decideThingGroup } from './decide.js';
import type { ThingGroupEvent } from './events.js';
import { withoutTags, withTags } from '../tags/tags.js';
import { groupTagsOf, initialThingGroupState, type ThingGroupState } from './state.js';

export function evolveThingGroup(state: ThingGroupState, event: ThingGroupEvent): ThingGroupState {
  switch (event.type) {
    case 'ThingGroupCreated': {
      const { data } = event;
      return {
        group: {
          thingGroupName: data.thingGroupName,
          thingGroupId: data.thingGroupId,
          thingGroupArn: data.thingGroupArn,
          ...(data.parentGroupName !== undefined ? { parentGroupName: data.parentGroupName } : {}),
          rootToParentThingGroups: data.rootToParentThingGroups,
          ...(data.description !== undefined ? { description: data.description } : {}),
          attributes: data.attributes,
          tags: groupTagsOf(data.tags),
          version: data.version,
          childGroupNames: [],
        },
      };
    }
    case 'ThingGroupUpdated': {
      if (state.group === undefined) return state;
      const { description: _previous, ...rest } = state.group;
      const { data } = event;
      return {
        group: {
          ...rest,
          ...(data.description !== undefined ? { description: data.description } : {}),
          attributes: data.attributes,
          version: data.version,
        },
      };
    }
    case 'ThingGroupDeleted':
      return {};
    case 'ThingGroupChildAttached':
      if (state.group === undefined) return state;
      return { group: { ...state.group, childGroupNames: [...state.group.childGroupNames, event.data.childGroupName] } };
    case 'ThingGroupChildDetached':
      if (state.group === undefined) return state;
      return { group: { ...state.group, childGroupNames: state.group.childGroupNames.filter((name) => name !== event.data.childGroupName) } };
    case 'ThingGroupTagged':
      if (state.group === undefined) return state;
      return { group: { ...state.group, tags: withTags(state.group.tags, event.data.tags) } };
    case 'ThingGroupUntagged':
      if (state.group === undefined) return state;
      return { group: { ...state.group, tags: withoutTags(state.group.tags, event.data.tagKeys) } };
    default:
      return assertNever(event, 'thing-group event');
  }
}

export const thingGroupDecider: Decider<ThingGroupState, ThingGroupCommand, ThingGroupEvent> = {
  initialState: initialThingGroupState,
  evolve: evolveThingGroup,
  decide: decideThingGroup,
};
