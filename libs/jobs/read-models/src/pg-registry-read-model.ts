import type pg from 'pg';
import {
  ContinuousJobsReadModel,
  RegistryReadModel,
  thingArn,
  thingGroupArn,
  type GroupSummary,
  type Membership,
  type Page,
  type ServiceIdentity,
  type ThingGroupView,
  type ThingView,
} from '#jobs/application';
import { rootOf, type GroupRef } from '#jobs/domain';

interface ThingRow {
  thing_name: string;
  thing_id: string;
  thing_type_name: string | null;
  attributes: Record<string, string>;
  version: string;
}

interface GroupRow {
  group_name: string;
  group_id: string;
  parent_group_name: string | null;
  root_to_parent: string[];
  description: string | null;
  attributes: Record<string, string>;
  version: string;
  created_at: Date;
}

/**
 * Queries over the registry views. Lists page by name (keyset: the cursor is the last name
 * returned), so pages stay stable while things are added or removed meanwhile.
 */
export class PgRegistryReadModel extends RegistryReadModel {
  constructor(
    private readonly pool: pg.Pool,
    private readonly identity: ServiceIdentity,
  ) {
    super();
  }

  private toThingView = (row: ThingRow): ThingView => toThingView(row, thingArn(this.identity, row.thing_name));
  private summary = (groupName: string): GroupSummary => ({ groupName, groupArn: thingGroupArn(this.identity, groupName) });

  async findThing(thingName: string): Promise<ThingView | undefined> {
    const { rows } = await this.pool.query<ThingRow>(`SELECT * FROM thing_view WHERE thing_name = $1`, [thingName]);
    return rows[0] && this.toThingView(rows[0]);
  }

  async listThings(filter: Parameters<RegistryReadModel['listThings']>[0]): Promise<Page<ThingView>> {
    const { rows } = await this.pool.query<ThingRow>(
      `SELECT * FROM thing_view
        WHERE thing_name > $1 AND ($2::text IS NULL OR thing_type_name = $2)
          AND ($3::text IS NULL OR (CASE WHEN $5 THEN starts_with(attributes ->> $3, $4) ELSE attributes ->> $3 = $4 END))
        ORDER BY thing_name LIMIT $6`,
      [
        filter.cursor ?? '',
        filter.thingTypeName ?? null,
        filter.attributeName ?? null,
        filter.attributeValue ?? null,
        filter.usePrefixAttributeValue,
        filter.maxResults + 1,
      ],
    );
    return namePage(rows.map(this.toThingView), filter.maxResults, (thing) => thing.thingName);
  }

  async findGroup(groupName: string): Promise<ThingGroupView | undefined> {
    const { rows } = await this.pool.query<GroupRow>(`SELECT * FROM thing_group_view WHERE group_name = $1`, [groupName]);
    return rows[0] && toGroupView(rows[0], thingGroupArn(this.identity, rows[0].group_name));
  }

  async findGroupById(thingGroupId: string): Promise<ThingGroupView | undefined> {
    const { rows } = await this.pool.query<GroupRow>(`SELECT * FROM thing_group_view WHERE group_id = $1`, [thingGroupId]);
    return rows[0] && toGroupView(rows[0], thingGroupArn(this.identity, rows[0].group_name));
  }

  async childCount(groupName: string): Promise<number> {
    const { rows } = await this.pool.query<{ count: string }>(`SELECT count(*) AS count FROM thing_group_view WHERE parent_group_name = $1`, [
      groupName,
    ]);
    return Number(rows[0]!.count);
  }

  async groupRefs(groupNames: readonly string[]): Promise<GroupRef[]> {
    if (groupNames.length === 0) return [];
    const { rows } = await this.pool.query<GroupRow>(`SELECT * FROM thing_group_view WHERE group_name = ANY($1::text[])`, [groupNames]);
    return rows.map((row) => ({
      name: row.group_name,
      id: row.group_id,
      root: rootOf({ thingGroupName: row.group_name, rootToParentThingGroups: row.root_to_parent }),
    }));
  }

  async listGroups(filter: Parameters<RegistryReadModel['listGroups']>[0]): Promise<Page<GroupSummary>> {
    const { rows } = await this.pool.query<{ group_name: string }>(
      `SELECT group_name FROM thing_group_view
        WHERE group_name > $1
          AND ($2::text IS NULL OR (CASE WHEN $3 THEN $2 = ANY(root_to_parent) ELSE parent_group_name = $2 END))
          AND ($4::text IS NULL OR starts_with(group_name, $4))
        ORDER BY group_name LIMIT $5`,
      [filter.cursor ?? '', filter.parentGroup ?? null, filter.recursive, filter.namePrefixFilter ?? null, filter.maxResults + 1],
    );
    return namePage(
      rows.map((row) => this.summary(row.group_name)),
      filter.maxResults,
      (group) => group.groupName,
    );
  }

  async listThingsInGroup(filter: Parameters<RegistryReadModel['listThingsInGroup']>[0]): Promise<Page<string>> {
    const groups = filter.recursive ? await this.subtrees([filter.groupName]) : [filter.groupName];
    const { rows } = await this.pool.query<{ thing_name: string }>(
      `SELECT DISTINCT thing_name FROM thing_group_membership
        WHERE group_name = ANY($1::text[]) AND thing_name > $2 ORDER BY thing_name LIMIT $3`,
      [groups, filter.cursor ?? '', filter.maxResults + 1],
    );
    return namePage(
      rows.map((row) => row.thing_name),
      filter.maxResults,
      (name) => name,
    );
  }

  async listGroupsForThing(filter: Parameters<RegistryReadModel['listGroupsForThing']>[0]): Promise<Page<GroupSummary>> {
    const { rows } = await this.pool.query<{ group_name: string }>(
      `SELECT group_name FROM thing_group_membership WHERE thing_name = $1 AND group_name > $2 ORDER BY group_name LIMIT $3`,
      [filter.thingName, filter.cursor ?? '', filter.maxResults + 1],
    );
    return namePage(
      rows.map((row) => this.summary(row.group_name)),
      filter.maxResults,
      (group) => group.groupName,
    );
  }

  async existingThings(thingNames: readonly string[]): Promise<Set<string>> {
    if (thingNames.length === 0) return new Set();
    const { rows } = await this.pool.query<{ thing_name: string }>(`SELECT thing_name FROM thing_view WHERE thing_name = ANY($1::text[])`, [
      thingNames,
    ]);
    return new Set(rows.map((row) => row.thing_name));
  }

  async subtrees(groupNames: readonly string[]): Promise<string[]> {
    if (groupNames.length === 0) return [];
    const { rows } = await this.pool.query<{ group_name: string }>(
      `SELECT group_name FROM thing_group_view WHERE group_name = ANY($1::text[]) OR root_to_parent && $1::text[] ORDER BY group_name`,
      [groupNames],
    );
    return rows.map((row) => row.group_name);
  }

  async membersAfter(groupNames: readonly string[], after: Membership | undefined, limit: number): Promise<Membership[]> {
    const { rows } = await this.pool.query<{ group_name: string; thing_name: string }>(
      `SELECT group_name, thing_name FROM thing_group_membership
        WHERE group_name = ANY($1::text[]) AND (group_name, thing_name) > ($2, $3)
        ORDER BY group_name, thing_name LIMIT $4`,
      [groupNames, after?.groupName ?? '', after?.thingName ?? '', limit],
    );
    return rows.map((row) => ({ groupName: row.group_name, thingName: row.thing_name }));
  }

  async groupsReaching(thingName: string): Promise<string[]> {
    const { rows } = await this.pool.query<{ group_name: string }>(
      `SELECT DISTINCT unnest(g.root_to_parent || g.group_name) AS group_name
         FROM thing_group_membership m JOIN thing_group_view g ON g.group_name = m.group_name
        WHERE m.thing_name = $1`,
      [thingName],
    );
    return rows.map((row) => row.group_name);
  }
}

export class PgContinuousJobsReadModel extends ContinuousJobsReadModel {
  constructor(private readonly pool: pg.Pool) {
    super();
  }

  async continuousJobsTargeting(arns: readonly string[]): Promise<Array<{ jobId: string; targets: string[] }>> {
    if (arns.length === 0) return [];
    const { rows } = await this.pool.query<{ job_id: string; targets: string[] }>(
      `SELECT job_id, targets FROM job_view
        WHERE status = 'IN_PROGRESS' AND target_selection = 'CONTINUOUS' AND targets ?| $1::text[] ORDER BY seq`,
      [arns],
    );
    return rows.map((row) => ({ jobId: row.job_id, targets: row.targets }));
  }

  async continuousJob(jobId: string): Promise<{ jobId: string; targets: string[] } | undefined> {
    const { rows } = await this.pool.query<{ job_id: string; targets: string[] }>(
      `SELECT job_id, targets FROM job_view WHERE job_id = $1 AND status = 'IN_PROGRESS' AND target_selection = 'CONTINUOUS'`,
      [jobId],
    );
    return rows[0] && { jobId: rows[0].job_id, targets: rows[0].targets };
  }

  async thingsWithExecution(jobId: string, thingNames: readonly string[]): Promise<Set<string>> {
    if (thingNames.length === 0) return new Set();
    const { rows } = await this.pool.query<{ thing_name: string }>(
      `SELECT DISTINCT thing_name FROM job_execution_view WHERE job_id = $1 AND thing_name = ANY($2::text[])`,
      [jobId, thingNames],
    );
    return new Set(rows.map((row) => row.thing_name));
  }
}

function namePage<T>(items: T[], maxResults: number, nameOf: (item: T) => string): Page<T> {
  if (items.length <= maxResults) return { items };
  const page = items.slice(0, maxResults);
  return { items: page, nextCursor: nameOf(page.at(-1)!) };
}

function toThingView(row: ThingRow, arn: string): ThingView {
  return {
    thingName: row.thing_name,
    thingId: row.thing_id,
    thingArn: arn,
    ...(row.thing_type_name !== null ? { thingTypeName: row.thing_type_name } : {}),
    attributes: row.attributes,
    version: Number(row.version),
  };
}

function toGroupView(row: GroupRow, arn: string): ThingGroupView {
  return {
    thingGroupName: row.group_name,
    thingGroupId: row.group_id,
    thingGroupArn: arn,
    ...(row.parent_group_name !== null ? { parentGroupName: row.parent_group_name } : {}),
    rootToParentThingGroups: row.root_to_parent,
    ...(row.description !== null ? { description: row.description } : {}),
    attributes: row.attributes,
    version: Number(row.version),
    createdAt: row.created_at,
  };
}
