import type { ResourceTag } from '../tags/tags.js';
import { withTags } from '../tags/tags.js';
import type { Attributes } from '../thing/attributes.js';
import type { Tag } from './events.js';

export interface ThingGroup {
  readonly thingGroupName: string;
  readonly thingGroupId: string;
  readonly thingGroupArn: string;
  readonly parentGroupName?: string;
  readonly rootToParentThingGroups: readonly string[];
  readonly description?: string;
  readonly attributes: Attributes;
  /** As ListTagsForResource shows them: in the order keys were first set. */
  readonly tags: readonly ResourceTag[];
  readonly version: number;
  /** The direct child groups, as the group's own stream records them (ThingGroupChildAttached/Detached). */
  readonly childGroupNames: readonly string[];
}

export interface ThingGroupState {
  readonly group?: ThingGroup;
}

export function initialThingGroupState(): ThingGroupState {
  return {};
}

/** The top of the group's hierarchy: the first ancestor, or the group itself. */
export function rootOf(group: Pick<ThingGroup, 'thingGroupName' | 'rootToParentThingGroups'>): string {
  return group.rootToParentThingGroups[0] ?? group.thingGroupName;
}

/** CreateThingGroup's tags as the group holds them: a missing Value is "", a repeated key keeps its last value. */
export function groupTagsOf(tags: readonly Tag[]): ResourceTag[] {
  return withTags(
    [],
    tags.map((tag) => ({ key: tag.Key, value: tag.Value ?? '' })),
  );
}
