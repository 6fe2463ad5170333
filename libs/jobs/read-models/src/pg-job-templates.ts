import type pg from 'pg';
import { jobTemplateArn, type JobTemplateView, type Page, type ServiceIdentity } from '#jobs/application';
import type { AbortConfig, JobExecutionsRetryConfig, MaintenanceWindow, TimeoutConfig } from '#jobs/domain';

interface JobTemplateRow {
  job_template_id: string;
  seq: string;
  description: string;
  document: string;
  timeout_config: TimeoutConfig | null;
  job_executions_retry_config: JobExecutionsRetryConfig | null;
  abort_config: AbortConfig | null;
  maintenance_windows: MaintenanceWindow[] | null;
  created_at: Date;
}

const COLUMNS = `job_template_id, seq, description, document, timeout_config, job_executions_retry_config, abort_config, maintenance_windows, created_at`;

/** The template queries of PgJobsReadModel, over job_template_view (keyset paging on seq). */
export class PgJobTemplates {
  constructor(
    private readonly pool: pg.Pool,
    private readonly identity: ServiceIdentity,
  ) {}

  async find(jobTemplateId: string): Promise<JobTemplateView | undefined> {
    const { rows } = await this.pool.query<JobTemplateRow>(`SELECT ${COLUMNS} FROM job_template_view WHERE job_template_id = $1`, [jobTemplateId]);
    return rows[0] ? this.toView(rows[0]) : undefined;
  }

  async list(filter: { maxResults: number; cursor?: string }): Promise<Page<JobTemplateView>> {
    const after = filter.cursor && /^\d{1,19}$/.test(filter.cursor) ? filter.cursor : '0';
    const { rows } = await this.pool.query<JobTemplateRow>(`SELECT ${COLUMNS} FROM job_template_view WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      after,
      filter.maxResults + 1,
    ]);
    const items = rows.slice(0, filter.maxResults);
    const more = rows.length > filter.maxResults;
    return { items: items.map((row) => this.toView(row)), ...(more ? { nextCursor: items.at(-1)!.seq } : {}) };
  }

  private toView(row: JobTemplateRow): JobTemplateView {
    return {
      jobTemplateId: row.job_template_id,
      jobTemplateArn: jobTemplateArn(this.identity, row.job_template_id),
      description: row.description,
      document: row.document,
      createdAt: row.created_at,
      ...(row.timeout_config ? { timeoutConfig: row.timeout_config } : {}),
      ...(row.job_executions_retry_config ? { jobExecutionsRetryConfig: row.job_executions_retry_config } : {}),
      ...(row.abort_config ? { abortConfig: row.abort_config } : {}),
      ...(row.maintenance_windows ? { maintenanceWindows: row.maintenance_windows } : {}),
    };
  }
}
