import type pg from 'pg';
import type { InlineProjection, PendingEvent, StatementBuilder, StoredEvent } from '#event-store';
import {
  assertNever,
  isPacedJob,
  STREAM_TYPES,
  streamTypeOf,
  type JobEvent,
  type JobExecutionEvent,
  type JobExecutionEventType,
  type JobExecutionQueued,
} from '#jobs/domain';
import { applyJobTemplateEvent } from './job-templates-projection.js';
import { snapshotDueAt, snapshotExecutionStreams } from './execution-snapshots.js';
import { deleteAllTags, deleteTags, upsertTags } from './resource-tags-projection.js';

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
      const type = streamTypeOf(event.streamId);
      if (type === STREAM_TYPES.job) await applyJobEvent(tx, event);
      else if (type === STREAM_TYPES.jobTemplate) await applyJobTemplateEvent(tx, event);
    }
    if (queued.length > 0) await insertQueued(tx, queued);
    for (const event of events) {
      if (streamTypeOf(event.streamId) === STREAM_TYPES.jobExecution) await applyExecutionEvent(tx, event);
    }
    await snapshotExecutionStreams(tx, events);
  },
  /**
   * The common command (one execution event: start, update, cancel, end) needs one UPDATE of its
   * execution's row, which can run inside the append statement: one UPDATE for all the streams
   * appended together. Anything else (queued or deleted executions, job events, several events of
   * one stream, a snapshot due) takes the transactional path.
   */
  inAppendStatement(events, sql) {
    const streams = new Set(events.map((event) => event.streamId));
    const joinable = events.every((event) => isUpdatingExecutionEvent(event.type) && !snapshotDueAt(event.streamVersion));
    if (!joinable || streams.size !== events.length) return undefined;
    return [executionUpdates(events, sql)];
  },
};

/** The execution events that change one existing row (not Queued: a new row; not Deleted: gone). */
const UPDATING_EXECUTION_EVENTS: ReadonlySet<string> = new Set<JobExecutionEventType>([
  'JobExecutionStarted',
  'JobExecutionUpdated',
  'JobExecutionSucceeded',
  'JobExecutionFailed',
  'JobExecutionRejected',
  'JobExecutionTimedOut',
  'JobExecutionCanceled',
  'JobExecutionRemoved',
]);

const isUpdatingExecutionEvent = (type: string): boolean => UPDATING_EXECUTION_EVENTS.has(type);

/** The targets a job processes as its rollout starts: all of them when paced, else its groups. */
function processingAtStart(targets: readonly string[], paced: boolean): readonly string[] {
  return paced ? targets : targets.filter((arn) => arn.includes(':thinggroup/'));
}

/** A paced job's row (isPacedJob): a rollout config, or at least one maintenance window. */
const PACED = `(job_executions_rollout_config IS NOT NULL OR jsonb_array_length(COALESCE(scheduling_config->'maintenanceWindows', '[]'::jsonb)) > 0)`;

async function applyJobEvent(tx: pg.PoolClient, stored: StoredEvent): Promise<void> {
  const event = { type: stored.type, data: stored.data } as unknown as JobEvent;
  switch (event.type) {
    case 'JobCreated': {
      const d = event.data;
      // With a rollout config or maintenance windows every target is processing until the paced rollout reaches past it;
      // a SCHEDULED job processes nothing until it starts.
      const scheduled = d.status === 'SCHEDULED';
      const paced = isPacedJob(d);
      const processing = scheduled ? [] : processingAtStart(d.targets, paced);
      await tx.query(
        `INSERT INTO job_view (job_id, stream_version, status, target_selection, targets, document, document_source,
           description, timeout_config, job_executions_retry_config, abort_config, job_template_arn, created_at, last_updated_at,
           processing_targets, job_executions_rollout_config, rollout_next_at, scheduling_config, scheduled_start_at, scheduled_end_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $12, $13, $11, $11, $14, $15, $16, $17, $18, $19)`,
        [
          d.jobId,
          stored.streamVersion,
          d.status,
          d.targetSelection,
          JSON.stringify(d.targets),
          d.document ?? null,
          d.documentSource ?? null,
          d.description ?? null,
          jsonOrNull(d.timeoutConfig),
          jsonOrNull(d.jobExecutionsRetryConfig),
          d.at,
          jsonOrNull(d.abortConfig),
          d.jobTemplateArn ?? null,
          processing.length > 0 ? JSON.stringify(processing) : null,
          jsonOrNull(d.jobExecutionsRolloutConfig),
          paced && !scheduled ? d.at : null,
          jsonOrNull(d.schedulingConfig),
          d.startAt ?? null,
          d.endAt ?? null,
        ],
      );
      await upsertTags(tx, 'job', d.jobId, d.tags);
      return;
    }
    case 'JobStarted': {
      // The schedule's timer is spent; the rollout starts as at CreateJob (targets come from the row).
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, status = $3, last_updated_at = $4, scheduled_start_at = NULL,
           rollout_next_at = CASE WHEN ${PACED} THEN $4::timestamptz END,
           processing_targets = CASE WHEN ${PACED} THEN targets
             ELSE (SELECT jsonb_agg(t) FROM jsonb_array_elements(targets) t WHERE t #>> '{}' LIKE '%:thinggroup/%') END
         WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.status, d.at],
      );
      return;
    }
    case 'JobRolloutStopped': {
      // The end's timer is spent, and the rollout is over: nothing processing, no pace timer.
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, last_updated_at = $3, scheduled_end_at = NULL, processing_targets = NULL,
           rollout_next_at = NULL WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.at],
      );
      return;
    }
    case 'JobUpdated': {
      // A member absent from the event keeps its column (COALESCE); a given one replaces it whole.
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, last_updated_at = $3, description = COALESCE($4, description),
           timeout_config = COALESCE($5, timeout_config), job_executions_retry_config = COALESCE($6, job_executions_retry_config),
           abort_config = COALESCE($7, abort_config), job_executions_rollout_config = COALESCE($8, job_executions_rollout_config)
         WHERE job_id = $1`,
        [
          d.jobId,
          stored.streamVersion,
          d.at,
          d.description ?? null,
          jsonOrNull(d.timeoutConfig),
          jsonOrNull(d.jobExecutionsRetryConfig),
          jsonOrNull(d.abortConfig),
          jsonOrNull(d.jobExecutionsRolloutConfig),
        ],
      );
      return;
    }
    case 'JobCanceled':
    case 'JobAborted': {
      const d = event.data;
      // A canceled SCHEDULED job never starts, and a canceled job never ends: its timers go.
      await tx.query(
        `UPDATE job_view SET stream_version = $2, status = $3, force_canceled = $4, reason_code = $5, comment = $6,
           last_updated_at = $7, scheduled_start_at = NULL, scheduled_end_at = NULL WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.status, d.force, d.reasonCode ?? null, d.comment ?? null, d.at],
      );
      return;
    }
    case 'JobCompleted':
    case 'JobDeletionStarted': {
      const d = event.data;
      await tx.query(
        `UPDATE job_view SET stream_version = $2, status = $3, last_updated_at = $4, scheduled_end_at = NULL,
           completed_at = CASE WHEN $3 = 'COMPLETED' THEN $4::timestamptz ELSE completed_at END
         WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, d.status, d.at],
      );
      return;
    }
    case 'JobDeleted':
      await tx.query(`DELETE FROM job_view WHERE job_id = $1`, [event.data.jobId]);
      await deleteAllTags(tx, 'job', event.data.jobId);
      return;
    case 'JobTagged':
    case 'JobUntagged': {
      // Tags are no change of the job as DescribeJob shows it: only the stream version moves.
      const d = event.data;
      await tx.query(`UPDATE job_view SET stream_version = $2 WHERE job_id = $1`, [d.jobId, stored.streamVersion]);
      if (event.type === 'JobTagged') await upsertTags(tx, 'job', d.jobId, event.data.tags);
      else await deleteTags(tx, 'job', d.jobId, event.data.tagKeys);
      return;
    }
    case 'JobTargetsAssociated': {
      const d = event.data;
      const groups = d.targets.filter((arn) => arn.includes(':thinggroup/'));
      await tx.query(
        `UPDATE job_view SET stream_version = $2, targets = targets || $3::jsonb, comment = COALESCE($4, comment), last_updated_at = $5,
           processing_targets = CASE WHEN jsonb_array_length($6::jsonb) = 0 THEN processing_targets
                                     ELSE COALESCE(processing_targets, '[]'::jsonb) || $6::jsonb END
         WHERE job_id = $1`,
        [d.jobId, stored.streamVersion, JSON.stringify(d.targets), d.comment ?? null, d.at, JSON.stringify(groups)],
      );
      return;
    }
    case 'JobRolloutAdvanced': {
      const d = event.data;
      if (d.done) {
        await tx.query(`UPDATE job_view SET stream_version = $2, processing_targets = NULL, rollout_next_at = NULL WHERE job_id = $1`, [
          d.jobId,
          stored.streamVersion,
        ]);
      } else if (d.nextAt !== undefined) {
        // A paced chunk: the durable timer moves, and the targets it finished leave processingTargets.
        await tx.query(
          `UPDATE job_view SET stream_version = $2, rollout_next_at = $3, processing_targets = COALESCE($4::jsonb, processing_targets) WHERE job_id = $1`,
          [d.jobId, stored.streamVersion, d.nextAt, d.processingTargets ? JSON.stringify(d.processingTargets) : null],
        );
      }
      return;
    }
    default:
      return assertNever(event, 'job event');
  }
}

const jsonOrNull = (value: object | undefined): string | null => (value === undefined ? null : JSON.stringify(value));

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
  switch (event.type) {
    case 'JobExecutionQueued':
      return; // inserted in bulk by insertQueued
    case 'JobExecutionDeleted':
      await tx.query(`DELETE FROM job_execution_view WHERE job_id = $1 AND thing_name = $2 AND execution_number = $3`, [
        d.jobId,
        d.thingName,
        d.executionNumber,
      ]);
      await tx.query(
        `UPDATE job_execution_view SET is_latest = true
          WHERE job_id = $1 AND thing_name = $2
            AND execution_number = (SELECT max(execution_number) FROM job_execution_view WHERE job_id = $1 AND thing_name = $2)`,
        [d.jobId, d.thingName],
      );
      return;
    case 'JobExecutionStarted':
    case 'JobExecutionUpdated':
    case 'JobExecutionSucceeded':
    case 'JobExecutionFailed':
    case 'JobExecutionRejected':
    case 'JobExecutionTimedOut':
    case 'JobExecutionCanceled':
    case 'JobExecutionRemoved': {
      const sql = parameters();
      await tx.query(executionUpdates([stored], sql), sql.values);
      return;
    }
    default:
      return assertNever(event, 'job-execution event');
  }
}

/** Placeholders numbered from $1, for a statement of its own (inside the append transaction). */
function parameters(): StatementBuilder & { values: unknown[] } {
  const values: unknown[] = [];
  return { values, guard: () => 'true', param: (value) => `$${values.push(value)}` };
}

/**
 * The job_execution_view rows after execution events (not Queued, not Deleted; at most one per
 * execution), as one UPDATE over array parameters: its text is the same for any number of events.
 * `thing_name = ANY(...)` keeps its one generic plan on an index whatever the table's size was
 * when it was planned.
 */
function executionUpdates(events: readonly PendingEvent[], sql: StatementBuilder): string {
  const rows = events.map((stored) => {
    const event = { type: stored.type, data: stored.data } as unknown as JobExecutionEvent;
    const d = event.data;
    return {
      streamId: stored.streamId,
      streamVersion: stored.streamVersion,
      status: d.status,
      versionNumber: d.versionNumber,
      at: d.at,
      details: 'statusDetails' in d ? JSON.stringify(d.statusDetails) : null,
      started: event.type === 'JobExecutionStarted',
      forceCanceled: event.type === 'JobExecutionCanceled' ? event.data.forceCanceled : null,
      timeoutAt: 'timeoutAt' in d ? (d.timeoutAt ?? null) : null,
      jobId: d.jobId,
      thingName: d.thingName,
      executionNumber: d.executionNumber,
    };
  });
  const column = <K extends keyof (typeof rows)[number]>(key: K, type: string) => `${sql.param(rows.map((r) => r[key]))}::${type}[]`;
  const thingNames = column('thingName', 'text');
  return `UPDATE job_execution_view v
        SET stream_version = u.stream_version, status = u.status, version_number = u.version_number,
            last_updated_at = u.at, status_details = COALESCE(u.details, v.status_details),
            started_at = CASE WHEN u.started THEN u.at ELSE v.started_at END,
            force_canceled = COALESCE(u.force_canceled, v.force_canceled), timeout_at = u.timeout_at
       FROM unnest(${column('streamId', 'text')}, ${column('streamVersion', 'bigint')}, ${column('status', 'text')},
                   ${column('versionNumber', 'bigint')}, ${column('at', 'timestamptz')}, ${column('details', 'jsonb')},
                   ${column('started', 'boolean')}, ${column('forceCanceled', 'boolean')}, ${column('timeoutAt', 'timestamptz')},
                   ${column('jobId', 'text')}, ${thingNames}, ${column('executionNumber', 'bigint')})
            AS u(stream_id, stream_version, status, version_number, at, details, started, force_canceled, timeout_at,
                 job_id, thing_name, execution_number)
      WHERE v.thing_name = ANY(${thingNames}) AND v.job_id = u.job_id AND v.thing_name = u.thing_name
        AND v.execution_number = u.execution_number AND ${sql.guard('u.stream_id')}`;
}
