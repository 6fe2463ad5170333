import { assertNever } from '../assert-never.js';
import type { Decider } from '../decider.js';
import type { ThingCommand } from './commands.js';
import { decideThing } from './decide.js';
import type { ThingEvent } from './events.js';
import { initialThingState, type ThingState } from './state.js';

export function evolveThing(state: ThingState, event: ThingEvent): ThingState {
  switch (event.type) {
    case 'ThingCreated': {
      const { data } = event;
      return {
        thing: {
          thingName: data.thingName,
          thingId: data.thingId,
          thingArn: data.thingArn,
          ...(data.thingTypeName !== undefined ? { thingTypeName: data.thingTypeName } : {}),
          attributes: data.attributes,
          version: data.version,
          groups: {},
        },
      };
    }
    case 'ThingUpdated': {
      if (state.thing === undefined) return state;
      const { thingTypeName: _previousType, ...rest } = state.thing;
      const { data } = event;
      return {
        thing: {
          ...rest,
          ...(data.thingTypeName !== undefined ? { thingTypeName: data.thingTypeName } : {}),
          attributes: data.attributes,
          version: data.version,
        },
      };
    }
    case 'ThingDeleted':
      return {};
    case 'ThingGroupMembershipChanged':
      if (state.thing === undefined) return state;
      return { thing: { ...state.thing, groups: Object.fromEntries(event.data.groups.map((g) => [g.groupName, g.groupId])) } };
    default:
      return assertNever(event, 'thing event');
  }
}

export const thingDecider: Decider<ThingState, ThingCommand, ThingEvent> = {
  initialState: initialThingState,
  evolve: evolveThing,
  decide: decideThing,
};
