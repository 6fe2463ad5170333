import type pg from 'pg';
import type { InlineProjection, PendingEvent, StatementBuilder, StoredEvent } from '#event-store';
import type { JobEvent, JobExecutionEvent, JobExecutionQueued } from '#jobs/domain';
import { snapshotDueAt, snapshotExecutionStreams } from './execution-snapshots.js';

/**
 * Keeps job_view and job_execution_view equal to the fold of the events, inside the append
 * transaction (read-your-writes for Describe and List). Every job-execution event carries the
 * resulting status and versionNumber, so no decider is needed here. Queued events arrive in bulk
 * (CreateJob with thousands of targets) and are inserted with one statement.
 */
export const jobsInlineProjection: InlineProjection = {
  name: 'jobs-current-state',
  async apply(tx, events) {
    const queued = events.filter((event) => event.type === 'JobExecutionQueued');
    for (const event of events) {
      if (event.type.startsWith('Job') && !event.type.startsWith('JobExecution')) await applyJobEvent(tx, event);
    }
    if (queued.length > 0) await insertQueued(tx, queued);
    for (const event of events) {
      if (event.type.startsWith('JobExecution') && event.type !== 'JobExecutionQueued') await applyExecutionEvent(tx, event);
    }
    await snapshotExecutionStreams(tx, events);
  },
  /**
   * The common command (one execution event: start, update, cancel, end) needs one UPDATE, which
   * can run inside the append statement. Anything else (queued or deleted executions, job events,
   * several events, a snapshot due) takes the transactional path.
   */
  inAppendStatement(events, sql) {
    const event = events[0]!;
    if (events.length !== 1 || !isUpdatingExecutionEvent(event.type) || snapshotDueAt(event.streamVersion)) return undefined;
    return [executionUpdate(event, sql)];
  },
};

const isUpdatingExecutionEvent = (type: string): boolean =>
  type.startsWith('JobExecution') && type !== 'JobExecutionQueued' && type !== 'JobExecutionDeleted';

async function applyJobEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as JobEvent;
  switch (event.type) {
    case 'JobCreated': {
      const d = event.data;
      await tx.query(
        `INSERT INTO job_view (job_id, stream_version, status, target_selection, targets, document, document_source,
           description, timeout_config, created_at, last_updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
        [d.jobId, stored.streamVersion, d.status, d.targetSelection, JSON.stringify(d.targets), d.document ?? null,
          d.documentSource ?? null, d.description ?? null, d.timeoutConfig ? JSON.stringify(d.timeoutConfig) : null, d.at],
      );
      return;
    }
    case 'JobCanceled': {
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, status = $3, force_canceled = $4, reason_code = $5, comment = $6,
           last_updated_at = $7 WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.status, d.force, d.reasonCode ?? null, d.comment ?? null, d.at],
      );
      return;
    }
    case 'JobCompleted':
    case 'JobDeletionStarted': {
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, status = $3, last_updated_at = $4,
           completed_at = CASE WHEN $3 = 'COMPLETED' THEN $4::timestamptz ELSE completed_at END
         WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.status, d.at],
      );
      return;
    }
    case 'JobDeleted':
      await tx.query(`DELETE FROM job_view WHERE job_id = $1`, [event.data.jobId]);
      return;
  }
}

async function insertQueued(tx: pg.PoolClient, events: StoredEvent[]): Promise<void> {
  const rows = events.map((stored) => {
    const d = stored.data as unknown as JobExecutionQueued['data'];
    return {
      job_id: d.jobId,
      thing_name: d.thingName,
      execution_number: d.executionNumber,
      stream_version: stored.streamVersion,
      thing_arn: d.thingArn,
      status: d.status,
      version_number: d.versionNumber,
      retry_attempt: d.retryAttempt,
      queued_at: d.at,
    };
  });
  const batch = JSON.stringify(rows);
  // A new attempt supersedes the earlier executions of the same (job, thing).
  await tx.query(
    `UPDATE job_execution_view v SET is_latest = false
       FROM jsonb_to_recordset($1::jsonb) AS r(job_id text, thing_name text)
      WHERE v.job_id = r.job_id AND v.thing_name = r.thing_name AND v.is_latest`,
    [batch],
  );
  await tx.query(
    `INSERT INTO job_execution_view (job_id, thing_name, execution_number, stream_version, is_latest, thing_arn, status,
       version_number, retry_attempt, queued_at, last_updated_at)
     SELECT job_id, thing_name, execution_number, stream_version, true, thing_arn, status, version_number, retry_attempt,
            queued_at, queued_at
       FROM jsonb_to_recordset($1::jsonb) AS r(job_id text, thing_name text, execution_number bigint,
            stream_version bigint, thing_arn text, status text, version_number bigint, retry_attempt int,
            queued_at timestamptz)`,
    [batch],
  );
}

async function applyExecutionEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as JobExecutionEvent;
  const d = event.data;
  const key = [d.jobId, d.thingName, d.executionNumber];
  if (event.type === 'JobExecutionDeleted') {
    await tx.query(`DELETE FROM job_execution_view WHERE job_id = $1 AND thing_name = $2 AND execution_number = $3`, key);
    await tx.query(
      `UPDATE job_execution_view SET is_latest = true
        WHERE job_id = $1 AND thing_name = $2
          AND execution_number = (SELECT max(execution_number) FROM job_execution_view WHERE job_id = $1 AND thing_name = $2)`,
      [d.jobId, d.thingName],
    );
    return;
  }
  const sql = parameters();
  await tx.query(executionUpdate(stored, sql), sql.values);
}

/** Placeholders numbered from $1, for a statement of its own. */
function parameters(): StatementBuilder & { values: unknown[] } {
  const values: unknown[] = [];
  return { values, guard: 'true', param: (value) => `$${values.push(value)}` };
}

/** The job_execution_view row after one execution event (not Queued, not Deleted). */
function executionUpdate(stored: PendingEvent, sql: StatementBuilder): string {
  const event = { type: stored.type, data: stored.data } as unknown as JobExecutionEvent;
  const d = event.data;
  const details = 'statusDetails' in d ? JSON.stringify(d.statusDetails) : null;
  const forceCanceled = event.type === 'JobExecutionCanceled' ? event.data.forceCanceled : null;
  const timeoutAt = 'timeoutAt' in d ? (d.timeoutAt ?? null) : null;
  const at = sql.param(d.at);
  return `UPDATE job_execution_view
        SET stream_version = ${sql.param(stored.streamVersion)}::bigint, status = ${sql.param(d.status)}::text,
            version_number = ${sql.param(d.versionNumber)}::bigint, last_updated_at = ${at}::timestamptz,
            status_details = COALESCE(${sql.param(details)}::jsonb, status_details),
            started_at = CASE WHEN ${sql.param(event.type === 'JobExecutionStarted')}::boolean THEN ${at}::timestamptz ELSE started_at END,
            force_canceled = COALESCE(${sql.param(forceCanceled)}::boolean, force_canceled),
            timeout_at = ${sql.param(timeoutAt)}::timestamptz
      WHERE job_id = ${sql.param(d.jobId)}::text AND thing_name = ${sql.param(d.thingName)}::text
        AND execution_number = ${sql.param(d.executionNumber)}::bigint AND ${sql.guard}`;
}
