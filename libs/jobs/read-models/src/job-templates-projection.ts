import type pg from 'pg';
import type { StoredEvent } from '#event-store';
import { assertNever, type JobTemplateEvent } from '#jobs/domain';
import { deleteAllTags, deleteTags, upsertTags } from './resource-tags-projection.js';

/** Keeps job_template_view equal to the fold of the job-template streams, in the append transaction. */
export async function applyJobTemplateEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as JobTemplateEvent;
  switch (event.type) {
    case 'JobTemplateCreated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO job_template_view (job_template_id, stream_version, description, document, timeout_config,
           job_executions_retry_config, abort_config, created_at, maintenance_windows)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          d.jobTemplateId,
          stored.streamVersion,
          d.description,
          d.document,
          jsonOrNull(d.timeoutConfig),
          jsonOrNull(d.jobExecutionsRetryConfig),
          jsonOrNull(d.abortConfig),
          d.at,
          jsonOrNull(d.maintenanceWindows),
        ],
      );
      await upsertTags(tx, 'jobtemplate', d.jobTemplateId, d.tags);
      return;
    }
    case 'JobTemplateDeleted':
      await tx.query(`DELETE FROM job_template_view WHERE job_template_id = $1`, [event.data.jobTemplateId]);
      await deleteAllTags(tx, 'jobtemplate', event.data.jobTemplateId);
      return;
    case 'JobTemplateTagged':
      await bumpVersion(tx, stored);
      await upsertTags(tx, 'jobtemplate', event.data.jobTemplateId, event.data.tags);
      return;
    case 'JobTemplateUntagged':
      await bumpVersion(tx, stored);
      await deleteTags(tx, 'jobtemplate', event.data.jobTemplateId, event.data.tagKeys);
      return;
    default:
      return assertNever(event, 'job template event');
  }
}

async function bumpVersion(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const { jobTemplateId } = stored.data as { jobTemplateId: string };
  await tx.query(`UPDATE job_template_view SET stream_version = $2 WHERE job_template_id = $1`, [jobTemplateId, stored.streamVersion]);
}

const jsonOrNull = (value: object | undefined): string | null => (value === undefined ? null : JSON.stringify(value));
