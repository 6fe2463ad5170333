import type { GroupRef } from '#jobs/domain';
import type { Page } from '../views.js';

export interface ThingView {
  thingName: string;
  thingId: string;
  thingArn: string;
  thingTypeName?: string;
  attributes: Record<string, string>;
  version: number;
}

export interface ThingGroupView {
  thingGroupName: string;
  thingGroupId: string;
  thingGroupArn: string;
  parentGroupName?: string;
  rootToParentThingGroups: string[];
  description?: string;
  attributes: Record<string, string>;
  version: number;
  createdAt: Date;
}

export interface GroupSummary {
  groupName: string;
  groupArn: string;
}

/** One (group, thing) membership: the order the group rollout walks members in. */
export interface Membership {
  groupName: string;
  thingName: string;
}

/** What the registry use cases and the group-target processes read from the registry views. */
export abstract class RegistryReadModel {
  abstract findThing(thingName: string): Promise<ThingView | undefined>;
  abstract listThings(filter: {
    attributeName?: string;
    attributeValue?: string;
    usePrefixAttributeValue: boolean;
    thingTypeName?: string;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<ThingView>>;
  abstract findGroup(groupName: string): Promise<ThingGroupView | undefined>;
  abstract findGroupById(thingGroupId: string): Promise<ThingGroupView | undefined>;
  /** The groups whose parent is `groupName`. */
  abstract childCount(groupName: string): Promise<number>;
  /** The named groups that exist, as membership rules need them. */
  abstract groupRefs(groupNames: readonly string[]): Promise<GroupRef[]>;
  abstract listGroups(filter: {
    parentGroup?: string;
    recursive: boolean;
    namePrefixFilter?: string;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<GroupSummary>>;
  abstract listThingsInGroup(filter: { groupName: string; recursive: boolean; maxResults: number; cursor?: string }): Promise<Page<string>>;
  abstract listGroupsForThing(filter: { thingName: string; maxResults: number; cursor?: string }): Promise<Page<GroupSummary>>;
  /** Which of the named things exist. */
  abstract existingThings(thingNames: readonly string[]): Promise<Set<string>>;
  /** The groups and all their descendants (the names of existing groups only). */
  abstract subtrees(groupNames: readonly string[]): Promise<string[]>;
  /** Members of `groupNames` in (group, thing) order after `after`, at most `limit`. */
  abstract membersAfter(groupNames: readonly string[], after: Membership | undefined, limit: number): Promise<Membership[]>;
  /** Every group that reaches the thing: its direct groups and their ancestors. */
  abstract groupsReaching(thingName: string): Promise<string[]>;
}

/** The jobs a membership change can concern: CONTINUOUS jobs in progress. */
export abstract class ContinuousJobsReadModel {
  /** CONTINUOUS IN_PROGRESS jobs whose targets name any of `arns`, with all their targets. */
  abstract continuousJobsTargeting(arns: readonly string[]): Promise<Array<{ jobId: string; targets: string[] }>>;
  abstract continuousJob(jobId: string): Promise<{ jobId: string; targets: string[] } | undefined>;
  /** Which of `thingNames` already have an execution of the job (any status). */
  abstract thingsWithExecution(jobId: string, thingNames: readonly string[]): Promise<Set<string>>;
}

/** Which thing targets CreateJob accepts: only registered things (the default), or any well-formed thing ARN. */
export abstract class TargetPolicy {
  abstract readonly thingTargets: 'registered' | 'any';
}

/** Executions the group rollout queues per chunk (one transaction each). */
export abstract class RolloutSettings {
  abstract readonly chunkSize: number;
}
