import type pg from 'pg';
import {
  JobsReadModel,
  jobArn,
  type JobTemplateView,
  type ServiceIdentity,
  type ExecutionKey,
  type JobExecutionStatus,
  type JobExecutionView,
  type JobStatus,
  type JobView,
  type Page,
} from '#jobs/application';
import type { ExecutionOutcomeCounts, ResourceTag, TaggableResource, TimeoutConfig } from '#jobs/domain';
import { PgJobTemplates } from './pg-job-templates.js';
import { listTags, type TaggedResourceType } from './resource-tags-projection.js';
import { EXECUTION_COLUMNS, JOB_COLUMNS, toExecutionView, toJobView, toProcessDetails, type ExecutionRow, type JobRow } from './rows.js';

/**
 * "Is any execution of this job still pending?" ($1: the job id): a row, or none. It runs after
 * every execution that ends (the job-completion probe), so its plan must not hang on statistics.
 * An EXISTS, or a LIMIT in an order another index gives (seq), was planned as a walk betting on an
 * early hit whenever the statistics promised many pending rows: it read every ended execution
 * ahead of the first pending one, and a job's probes together cost the square of its size. Only
 * the partial index job_execution_view_job_pending is ordered by queued_at, so the one plan that
 * neither reads nor sorts every match is a single descent of that index. It returns a constant:
 * only whether a row exists matters, and a timestamp would be parsed into a Date for nothing.
 */
export const PENDING_EXECUTION_PROBE_SQL = `SELECT 1 AS pending FROM job_execution_view
  WHERE job_id = $1 AND is_latest AND status IN ('QUEUED', 'IN_PROGRESS')
  ORDER BY queued_at LIMIT 1`;

/**
 * Queries over the inline views. Paging is keyset paging on the `seq` columns: the cursor is the
 * last seq returned, so a page never shifts when rows are added or removed meanwhile.
 */
export class PgJobsReadModel extends JobsReadModel {
  private readonly templates: PgJobTemplates;

  constructor(
    private readonly pool: pg.Pool,
    private readonly identity: ServiceIdentity,
  ) {
    super();
    this.templates = new PgJobTemplates(pool, identity);
  }

  findJobTemplate(jobTemplateId: string): Promise<JobTemplateView | undefined> {
    return this.templates.find(jobTemplateId);
  }

  listJobTemplates(filter: { maxResults: number; cursor?: string }): Promise<Page<JobTemplateView>> {
    return this.templates.list(filter);
  }

  async listTags(resource: TaggableResource): Promise<ResourceTag[] | undefined> {
    const [type, id, exists] = taggedRow(resource);
    const found = await this.pool.query(exists, [id]);
    if (found.rowCount === 0) return undefined;
    return listTags(this.pool, type, id);
  }

  async findJob(jobId: string): Promise<JobView | undefined> {
    const { rows } = await this.pool.query<JobRow>(`SELECT ${JOB_COLUMNS} FROM job_view WHERE job_id = $1`, [jobId]);
    if (!rows[0]) return undefined;
    const counts = await this.pool.query<{ status: string; count: string }>(
      `SELECT status, count(*) AS count FROM job_execution_view WHERE job_id = $1 AND is_latest GROUP BY status`,
      [jobId],
    );
    return toJobView(rows[0], jobArn(this.identity, jobId), toProcessDetails(counts.rows));
  }

  async jobExists(jobId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM job_view WHERE job_id = $1`, [jobId]);
    return rowCount === 1;
  }

  async findJobDocument(jobId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ document: string | null }>(`SELECT document FROM job_view WHERE job_id = $1`, [jobId]);
    return rows[0]?.document ?? undefined;
  }

  async listJobs(filter: {
    status?: JobStatus;
    targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
    targetArn?: string;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobView>> {
    const { rows } = await this.pool.query<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM job_view
        WHERE seq > $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR target_selection = $3)
          AND ($5::text IS NULL OR targets ? $5)
        ORDER BY seq LIMIT $4`,
      [cursorOf(filter.cursor), filter.status ?? null, filter.targetSelection ?? null, filter.maxResults + 1, filter.targetArn ?? null],
    );
    const page = pageOf(rows, filter.maxResults);
    const items = page.items.map((row) => toJobView(row, jobArn(this.identity, row.job_id), toProcessDetails([])));
    return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  async findExecution(key: ExecutionKey, executionNumber?: number): Promise<JobExecutionView | undefined> {
    const { rows } = await this.pool.query<ExecutionRow>(
      `SELECT ${EXECUTION_COLUMNS} FROM job_execution_view
        WHERE job_id = $1 AND thing_name = $2 AND ($3::bigint IS NULL OR execution_number = $3)
        ORDER BY execution_number DESC LIMIT 1`,
      [key.jobId, key.thingName, executionNumber ?? null],
    );
    return rows[0] ? toExecutionView(rows[0]) : undefined;
  }

  async listExecutionsForJob(filter: {
    jobId: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>> {
    const { rows } = await this.pool.query<ExecutionRow>(
      `SELECT ${EXECUTION_COLUMNS} FROM job_execution_view
        WHERE job_id = $1 AND is_latest AND seq > $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY seq LIMIT $4`,
      [filter.jobId, cursorOf(filter.cursor), filter.status ?? null, filter.maxResults + 1],
    );
    return mapPage(pageOf(rows, filter.maxResults), toExecutionView);
  }

  async listExecutionsForThing(filter: {
    thingName: string;
    jobId?: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>> {
    const { rows } = await this.pool.query<ExecutionRow>(
      `SELECT ${EXECUTION_COLUMNS} FROM job_execution_view
        WHERE thing_name = $1 AND seq > $2 AND ($3::text IS NULL OR status = $3)
          AND ($4::text IS NULL OR job_id = $4) AND ($4::text IS NOT NULL OR is_latest)
        ORDER BY seq LIMIT $5`,
      [filter.thingName, cursorOf(filter.cursor), filter.status ?? null, filter.jobId ?? null, filter.maxResults + 1],
    );
    return mapPage(pageOf(rows, filter.maxResults), toExecutionView);
  }

  async pendingExecutions(thingName: string): Promise<JobExecutionView[]> {
    const { rows } = await this.pool.query<ExecutionRow>(
      `SELECT ${EXECUTION_COLUMNS} FROM job_execution_view
        WHERE thing_name = $1 AND status IN ('QUEUED', 'IN_PROGRESS') ORDER BY seq`,
      [thingName],
    );
    return rows.map(toExecutionView);
  }

  async cancelableExecutions(filter: { jobId: string; force: boolean; afterThingName?: string; limit: number }): Promise<string[]> {
    const { rows } = await this.pool.query<{ thing_name: string }>(
      `SELECT thing_name FROM job_execution_view
        WHERE job_id = $1 AND thing_name > $2 AND is_latest AND (status = 'QUEUED' OR ($3 AND status = 'IN_PROGRESS'))
        ORDER BY thing_name LIMIT $4`,
      [filter.jobId, filter.afterThingName ?? '', filter.force, filter.limit],
    );
    return rows.map((row) => row.thing_name);
  }

  async thingsWithExecutions(filter: { jobId: string; limit: number }): Promise<string[]> {
    const { rows } = await this.pool.query<{ thing_name: string }>(
      `SELECT DISTINCT thing_name FROM job_execution_view WHERE job_id = $1 ORDER BY thing_name LIMIT $2`,
      [filter.jobId, filter.limit],
    );
    return rows.map((row) => row.thing_name);
  }

  async jobsBeingDeleted(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_view WHERE status = 'DELETION_IN_PROGRESS'`);
    return rows[0]!.n;
  }

  async latestExecutionStatuses(jobId: string): Promise<JobExecutionStatus[]> {
    const { rows } = await this.pool.query<{ status: JobExecutionStatus }>(`SELECT status FROM job_execution_view WHERE job_id = $1 AND is_latest`, [
      jobId,
    ]);
    return rows.map((row) => row.status);
  }

  async executionOutcomeCounts(jobId: string): Promise<ExecutionOutcomeCounts> {
    // Every attempt, not only the latest per thing (no is_latest): retries count as AWS counts them.
    const { rows } = await this.pool.query<{ status: string; count: string }>(
      `SELECT status, count(*) AS count FROM job_execution_view
        WHERE job_id = $1 AND status IN ('SUCCEEDED', 'FAILED', 'REJECTED', 'TIMED_OUT') GROUP BY status`,
      [jobId],
    );
    const count = (status: string): number => Number(rows.find((row) => row.status === status)?.count ?? 0);
    return { succeeded: count('SUCCEEDED'), failed: count('FAILED'), rejected: count('REJECTED'), timedOut: count('TIMED_OUT') };
  }

  async jobTimeoutConfig(jobId: string): Promise<TimeoutConfig | undefined> {
    const { rows } = await this.pool.query<{ timeout_config: TimeoutConfig | null }>(`SELECT timeout_config FROM job_view WHERE job_id = $1`, [
      jobId,
    ]);
    return rows[0] ? (rows[0].timeout_config ?? {}) : undefined;
  }

  async hasPendingExecution(jobId: string): Promise<boolean> {
    const { rows } = await this.pool.query(PENDING_EXECUTION_PROBE_SQL, [jobId]);
    return rows.length > 0;
  }

  async dueTimeouts(now: Date, limit: number): Promise<Array<ExecutionKey & { executionNumber: number }>> {
    const { rows } = await this.pool.query<{ job_id: string; thing_name: string; execution_number: string }>(
      `SELECT job_id, thing_name, execution_number FROM job_execution_view
        WHERE timeout_at IS NOT NULL AND status = 'IN_PROGRESS' AND timeout_at <= $1
        ORDER BY timeout_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => ({ jobId: row.job_id, thingName: row.thing_name, executionNumber: Number(row.execution_number) }));
  }

  async dueScheduledStarts(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      `SELECT job_id FROM job_view WHERE scheduled_start_at IS NOT NULL AND status = 'SCHEDULED' AND scheduled_start_at <= $1
        ORDER BY scheduled_start_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.job_id);
  }

  async dueScheduledEnds(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      `SELECT job_id FROM job_view WHERE scheduled_end_at IS NOT NULL AND status = 'IN_PROGRESS' AND scheduled_end_at <= $1
        ORDER BY scheduled_end_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.job_id);
  }

  async dueRollouts(now: Date, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ job_id: string }>(
      `SELECT job_id FROM job_view WHERE rollout_next_at IS NOT NULL AND rollout_next_at <= $1 ORDER BY rollout_next_at LIMIT $2`,
      [now, limit],
    );
    return rows.map((row) => row.job_id);
  }

  async nextRolloutDueAfter(after: Date): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ due: Date | null }>(`SELECT min(rollout_next_at) AS due FROM job_view WHERE rollout_next_at > $1`, [
      after,
    ]);
    return rows[0]?.due ?? undefined;
  }
}

function cursorOf(cursor: string | undefined): string {
  return cursor && /^\d{1,19}$/.test(cursor) ? cursor : '0';
}

/** Rows were fetched with one extra: its presence says whether another page exists. */
function pageOf<Row extends { seq: string }>(rows: Row[], maxResults: number): { items: Row[]; nextCursor?: string } {
  if (rows.length <= maxResults) return { items: rows };
  const items = rows.slice(0, maxResults);
  return { items, nextCursor: items[items.length - 1]!.seq };
}

function mapPage<Row, T>(page: { items: Row[]; nextCursor?: string }, map: (row: Row) => T): Page<T> {
  return { items: page.items.map(map), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** Where a taggable resource's existence and tags are found: its view, and its key in resource_tag_view. */
function taggedRow(resource: TaggableResource): readonly [TaggedResourceType, string, string] {
  switch (resource.kind) {
    case 'job':
      return ['job', resource.jobId, 'SELECT 1 FROM job_view WHERE job_id = $1'];
    case 'jobTemplate':
      return ['jobtemplate', resource.jobTemplateId, 'SELECT 1 FROM job_template_view WHERE job_template_id = $1'];
    case 'thingGroup':
      return ['thinggroup', resource.thingGroupName, 'SELECT 1 FROM thing_group_view WHERE group_name = $1'];
  }
}
