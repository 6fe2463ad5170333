import type { Attributes } from './attributes.js';

export interface Thing {
  readonly thingName: string;
  readonly thingId: string;
  readonly thingArn: string;
  readonly thingTypeName?: string;
  readonly attributes: Attributes;
  readonly version: number;
  /** Direct memberships, group name → the id of the group joined (a re-created group is another group). */
  readonly groups: Readonly<Record<string, string>>;
}

/** `thing` is undefined before creation and after deletion. */
export interface ThingState {
  readonly thing?: Thing;
}

export function initialThingState(): ThingState {
  return {};
}
