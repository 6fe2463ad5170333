import type pg from 'pg';
import type { StoredEvent } from '#event-store';
import { assertNever, type JobTemplateEvent } from '#jobs/domain';

/** Keeps job_template_view equal to the fold of the job-template streams, in the append transaction. */
export async function applyJobTemplateEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as JobTemplateEvent;
  switch (event.type) {
    case 'JobTemplateCreated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO job_template_view (job_template_id, stream_version, description, document, timeout_config,
           job_executions_retry_config, abort_config, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          d.jobTemplateId,
          stored.streamVersion,
          d.description,
          d.document,
          jsonOrNull(d.timeoutConfig),
          jsonOrNull(d.jobExecutionsRetryConfig),
          jsonOrNull(d.abortConfig),
          d.at,
        ],
      );
      return;
    }
    case 'JobTemplateDeleted':
      await tx.query(`DELETE FROM job_template_view WHERE job_template_id = $1`, [event.data.jobTemplateId]);
      return;
    default:
      return assertNever(event, 'job template event');
  }
}

const jsonOrNull = (value: object | undefined): string | null => (value === undefined ? null : JSON.stringify(value));
