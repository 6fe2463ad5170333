import {
  ContinuousJobsReadModel,
  RegistryReadModel,
  thingArn,
  thingGroupArn,
  type GroupSummary,
  type JobsReadModel,
  type Membership,
  type Page,
  type ServiceIdentity,
  type ThingGroupView,
  type ThingView,
} from '#jobs/application';
import {
  foldEvents,
  rootOf,
  streamTypeOf,
  thingDecider,
  thingGroupDecider,
  type GroupRef,
  type StreamType,
  type Thing,
  type ThingEvent,
  type ThingGroup,
  type ThingGroupEvent,
} from '#jobs/domain';
import type { InMemoryEventStore, StoredEvent } from './in-memory-event-store.js';

/** A page of a list ordered by name: the cursor is the last name returned, as in the real views. */
function namePage<T>(items: readonly T[], nameOf: (item: T) => string, maxResults: number, cursor: string | undefined): Page<T> {
  const rest = [...items].sort((a, b) => compare(nameOf(a), nameOf(b))).filter((item) => cursor === undefined || nameOf(item) > cursor);
  const page = rest.slice(0, maxResults);
  return rest.length > maxResults ? { items: page, nextCursor: nameOf(page.at(-1)!) } : { items: page };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The stored streams of one type, each as its events in order. */
export function streamsOf(store: InMemoryEventStore, type: StreamType): StoredEvent[][] {
  const streams = new Map<string, StoredEvent[]>();
  for (const event of store.all()) {
    if (streamTypeOf(event.streamId) === type) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  }
  return [...streams.values()];
}

const domainEvents = <E>(events: readonly StoredEvent[]): E[] => events.map((event) => ({ type: event.type, data: event.data }) as E);

/**
 * The RegistryReadModel port over an InMemoryEventStore: every query folds the thing and
 * thing-group streams with the domain's deciders. A membership counts while its group exists with
 * the id the thing joined (a deleted group takes its memberships with it).
 */
export class InMemoryRegistryReadModel extends RegistryReadModel {
  constructor(
    private readonly store: InMemoryEventStore,
    private readonly identity: ServiceIdentity,
  ) {
    super();
  }

  async findThing(thingName: string): Promise<ThingView | undefined> {
    const thing = this.things().find((candidate) => candidate.thingName === thingName);
    return thing && this.thingView(thing);
  }

  async listThings(filter: Parameters<RegistryReadModel['listThings']>[0]): Promise<Page<ThingView>> {
    const { attributeName, attributeValue = '', usePrefixAttributeValue, thingTypeName } = filter;
    const matches = (thing: Thing): boolean => {
      const value = attributeName === undefined ? undefined : thing.attributes[attributeName];
      return (
        (thingTypeName === undefined || thing.thingTypeName === thingTypeName) &&
        (attributeName === undefined ||
          (value !== undefined && (usePrefixAttributeValue ? value.startsWith(attributeValue) : value === attributeValue)))
      );
    };
    const views = this.things().filter(matches).map(this.thingView);
    return namePage(views, (view) => view.thingName, filter.maxResults, filter.cursor);
  }

  async findGroup(groupName: string): Promise<ThingGroupView | undefined> {
    return this.groupRows().find(({ view }) => view.thingGroupName === groupName)?.view;
  }

  async findGroupById(thingGroupId: string): Promise<ThingGroupView | undefined> {
    return this.groupRows().find(({ view }) => view.thingGroupId === thingGroupId)?.view;
  }

  async childCount(groupName: string): Promise<number> {
    return this.groups().filter((group) => group.parentGroupName === groupName).length;
  }

  async groupRefs(groupNames: readonly string[]): Promise<GroupRef[]> {
    return this.groups()
      .filter((group) => groupNames.includes(group.thingGroupName))
      .map((group) => ({ name: group.thingGroupName, id: group.thingGroupId, root: rootOf(group) }));
  }

  async listGroups(filter: Parameters<RegistryReadModel['listGroups']>[0]): Promise<Page<GroupSummary>> {
    const { parentGroup, recursive, namePrefixFilter } = filter;
    const names = this.groups()
      .filter(
        (group) =>
          (parentGroup === undefined || (recursive ? group.rootToParentThingGroups.includes(parentGroup) : group.parentGroupName === parentGroup)) &&
          (namePrefixFilter === undefined || group.thingGroupName.startsWith(namePrefixFilter)),
      )
      .map((group) => group.thingGroupName);
    return namePage(names.map(this.summary), (summary) => summary.groupName, filter.maxResults, filter.cursor);
  }

  async listThingsInGroup(filter: Parameters<RegistryReadModel['listThingsInGroup']>[0]): Promise<Page<string>> {
    const groups = filter.recursive ? await this.subtrees([filter.groupName]) : [filter.groupName];
    const names = new Set(this.memberships().flatMap((m) => (groups.includes(m.groupName) ? [m.thingName] : [])));
    return namePage([...names], (name) => name, filter.maxResults, filter.cursor);
  }

  async listGroupsForThing(filter: Parameters<RegistryReadModel['listGroupsForThing']>[0]): Promise<Page<GroupSummary>> {
    const names = this.memberships().flatMap((m) => (m.thingName === filter.thingName ? [m.groupName] : []));
    return namePage(names.map(this.summary), (summary) => summary.groupName, filter.maxResults, filter.cursor);
  }

  async existingThings(thingNames: readonly string[]): Promise<Set<string>> {
    return new Set(this.things().flatMap((thing) => (thingNames.includes(thing.thingName) ? [thing.thingName] : [])));
  }

  async subtrees(groupNames: readonly string[]): Promise<string[]> {
    return this.groups()
      .filter((group) => groupNames.includes(group.thingGroupName) || group.rootToParentThingGroups.some((name) => groupNames.includes(name)))
      .map((group) => group.thingGroupName)
      .sort(compare);
  }

  async membersAfter(groupNames: readonly string[], after: Membership | undefined, limit: number): Promise<Membership[]> {
    const key = (m: Membership): string => `${m.groupName}\u0000${m.thingName}`;
    return this.memberships()
      .filter((m) => groupNames.includes(m.groupName) && (after === undefined || key(m) > key(after)))
      .sort((a, b) => compare(key(a), key(b)))
      .slice(0, limit);
  }

  async groupsReaching(thingName: string): Promise<string[]> {
    const direct = this.memberships().flatMap((m) => (m.thingName === thingName ? [m.groupName] : []));
    const groups = this.groups().filter((group) => direct.includes(group.thingGroupName));
    return [...new Set(groups.flatMap((group) => [...group.rootToParentThingGroups, group.thingGroupName]))];
  }

  private readonly summary = (groupName: string): GroupSummary => ({ groupName, groupArn: thingGroupArn(this.identity, groupName) });

  private readonly thingView = (thing: Thing): ThingView => ({
    thingName: thing.thingName,
    thingId: thing.thingId,
    thingArn: thingArn(this.identity, thing.thingName),
    ...(thing.thingTypeName !== undefined ? { thingTypeName: thing.thingTypeName } : {}),
    attributes: { ...thing.attributes },
    version: thing.version,
  });

  private things(): Thing[] {
    return streamsOf(this.store, 'thing').flatMap((events) => foldEvents(thingDecider, domainEvents<ThingEvent>(events)).thing ?? []);
  }

  private groups(): ThingGroup[] {
    return this.groupRows().map(({ group }) => group);
  }

  /** Each existing group, as the domain holds it and as the view shows it. */
  private groupRows(): Array<{ group: ThingGroup; view: ThingGroupView }> {
    return streamsOf(this.store, 'thing-group').flatMap((events) => {
      const { group } = foldEvents(thingGroupDecider, domainEvents<ThingGroupEvent>(events));
      if (group === undefined) return [];
      const created = events.findLast((event) => event.type === 'ThingGroupCreated')!;
      return [
        {
          group,
          view: {
            thingGroupName: group.thingGroupName,
            thingGroupId: group.thingGroupId,
            thingGroupArn: thingGroupArn(this.identity, group.thingGroupName),
            ...(group.parentGroupName !== undefined ? { parentGroupName: group.parentGroupName } : {}),
            rootToParentThingGroups: [...group.rootToParentThingGroups],
            ...(group.description !== undefined ? { description: group.description } : {}),
            attributes: { ...group.attributes },
            version: group.version,
            createdAt: new Date(String(created.data['at'])),
          },
        },
      ];
    });
  }

  /** Direct memberships of existing things in existing groups (the same group, not a re-created one). */
  private memberships(): Membership[] {
    const live = new Map(this.groups().map((group) => [group.thingGroupName, group.thingGroupId]));
    return this.things().flatMap((thing) =>
      Object.entries(thing.groups).flatMap(([groupName, groupId]) =>
        live.get(groupName) === groupId ? [{ groupName, thingName: thing.thingName }] : [],
      ),
    );
  }
}

/** The ContinuousJobsReadModel port over the jobs read model of the same store. */
export class InMemoryContinuousJobsReadModel extends ContinuousJobsReadModel {
  constructor(private readonly jobs: JobsReadModel) {
    super();
  }

  async continuousJobsTargeting(arns: readonly string[]): Promise<Array<{ jobId: string; targets: string[] }>> {
    return (await this.continuousJobs()).filter((job) => job.targets.some((arn) => arns.includes(arn)));
  }

  async continuousJob(jobId: string): Promise<{ jobId: string; targets: string[] } | undefined> {
    return (await this.continuousJobs()).find((job) => job.jobId === jobId);
  }

  async thingsWithExecution(jobId: string, thingNames: readonly string[]): Promise<Set<string>> {
    const found = await Promise.all(thingNames.map(async (thingName) => ((await this.jobs.findExecution({ jobId, thingName })) ? [thingName] : [])));
    return new Set(found.flat());
  }

  private async continuousJobs(): Promise<Array<{ jobId: string; targets: string[] }>> {
    const { items } = await this.jobs.listJobs({ status: 'IN_PROGRESS', targetSelection: 'CONTINUOUS', maxResults: Number.MAX_SAFE_INTEGER });
    return items.map((job) => ({ jobId: job.jobId, targets: [...job.targets] }));
  }
}
