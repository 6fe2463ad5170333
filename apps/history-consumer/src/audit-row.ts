import {
  toJobTemplatePayload,
  toPayload,
  toRegistryPayload,
  type ContractContext,
  type JobEventPayload,
  type JobTemplatePayload,
  type RegistryEventPayload,
  type SourceEvent,
} from '#messaging';

/** What the history records: a job or job-execution event, a thing or thing-group event, or a job-template event. */
export type HistoryPayload = JobEventPayload | RegistryEventPayload | JobTemplatePayload;

/** The contract's payload of a stored event, of whichever topic it goes to; undefined outside the contract. */
export function historyPayloadOf(event: SourceEvent, context: ContractContext): HistoryPayload | undefined {
  return toPayload(event, context) ?? toRegistryPayload(event) ?? toJobTemplatePayload(event);
}

/**
 * One audit_history row; the consumer and the rebuild both build rows with `auditRowOf` (the
 * in-server rebuild with its SQL twin in audit-row-sql.ts, which in-server-rebuild.test.ts holds
 * equal to it).
 */
export interface AuditRow {
  event_id: string;
  stream_id: string;
  stream_version: number;
  global_position: string;
  event_type: string;
  schema_version: number;
  kind: string;
  /** NULL for thing, thing-group and job-template events. */
  job_id: string | null;
  thing_name: string | null;
  execution_number: number | null;
  status: string | null;
  actor: string | null;
  occurred_at: string;
  payload: HistoryPayload;
}

export const AUDIT_COLUMNS = [
  'event_id',
  'stream_id',
  'stream_version',
  'global_position',
  'event_type',
  'schema_version',
  'kind',
  'job_id',
  'thing_name',
  'execution_number',
  'status',
  'actor',
  'occurred_at',
  'payload',
] as const;

export function auditRowOf(payload: HistoryPayload): AuditRow {
  const common = {
    event_id: payload.eventId,
    stream_id: payload.streamId,
    stream_version: payload.streamVersion,
    global_position: payload.globalPosition,
    event_type: payload.eventType,
    schema_version: payload.schemaVersion,
    kind: payload.kind,
    actor: payload.actor,
    occurred_at: payload.timestamp,
    payload,
  };
  switch (payload.kind) {
    case 'job-execution':
      return { ...common, job_id: payload.jobId, thing_name: payload.thingName, execution_number: payload.executionNumber, status: payload.status };
    case 'job':
      return { ...common, job_id: payload.jobId, thing_name: null, execution_number: null, status: payload.status };
    // A thing's row carries its name (its history is the thing's); a group's and a template's
    // have neither, and are found by their stream id.
    case 'thing':
      return { ...common, job_id: null, thing_name: payload.thingName, execution_number: null, status: null };
    case 'thing-group':
    case 'job-template':
      return { ...common, job_id: null, thing_name: null, execution_number: null, status: null };
  }
}

/** The audit rows of stored events, built with the contract (events outside it have none). */
export function auditRowsOfEvents(events: readonly SourceEvent[], context: ContractContext): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const event of events) {
    const payload = historyPayloadOf(event, context);
    if (payload !== undefined) rows.push(auditRowOf(payload));
  }
  return rows;
}

/**
 * Inserts rows into `table`, skipping any whose event id (or stream position) is already there:
 * the inbox check, in the same statement as the write. Returns the ids actually inserted.
 */
export async function insertAuditRows(
  db: { query: (text: string, values?: unknown[]) => Promise<{ rows: Array<{ event_id: string }> }> },
  table: string,
  rows: readonly AuditRow[],
): Promise<string[]> {
  if (rows.length === 0) return [];
  const columns = AUDIT_COLUMNS.join(', ');
  const { rows: inserted } = await db.query(
    `INSERT INTO ${table} (${columns})
     SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT DO NOTHING
     RETURNING event_id`,
    [JSON.stringify(rows)],
  );
  return inserted.map((row) => row.event_id);
}

/**
 * The rebuild's bulk form of `insertAuditRows`: one statement per batch and no RETURNING, because
 * the rebuild only needs the rows in place, not which ones were new.
 */
export async function copyAuditRows(
  db: { query: (text: string, values?: unknown[]) => Promise<unknown> },
  table: string,
  rows: readonly AuditRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = AUDIT_COLUMNS.join(', ');
  await db.query(
    `INSERT INTO ${table} (${columns})
     SELECT ${columns} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(rows)],
  );
}
