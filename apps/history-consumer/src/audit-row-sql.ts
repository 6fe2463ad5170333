import { STREAM_TYPES, streamIdPrefix } from '#jobs/domain';
import { EXECUTION_OPERATIONS, JOB_OPERATIONS, thingArnOf, type ContractContext, type JobExecutionPayload, type JobPayload } from '#messaging';
import { AUDIT_COLUMNS, type AuditRow } from './audit-row.js';

/**
 * `auditRowOf(toPayload(event, context))` written as SQL over an es_events row `e`, so the
 * in-server rebuild builds every audit row without it leaving Postgres. The maps below are typed
 * by the payload and row types: a field added there does not compile until it has its SQL here.
 * The statements take `auditRowSqlParameters(context)` as $1…$3.
 */

const data = (key: string) => `e.data->'${key}'`;
/** `text()` of the contract: a JSON string as text, anything else NULL. */
const textOf = (json: string) => `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${json} #>> '{}' END)`;
/** `flag()` of the contract: a JSON boolean, anything else NULL. */
const flagOf = (json: string) => `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${json} END)`;

const IS_EXECUTION = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.jobExecution)}')`;
const IS_JOB = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.job)}')`;
/** Streams `toPayload` maps; events of any other stream have no audit row. */
export const IN_CONTRACT = `(${IS_EXECUTION} OR ${IS_JOB})`;

// Date.prototype.toISOString of the Date node-postgres makes of occurred_at: UTC, 'Z', and whole
// milliseconds, because the driver drops the microseconds (truncating, as to_char's MS does).
const ISO_OCCURRED_AT = `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const TIMESTAMP = `coalesce(${textOf(data('at'))}, ${ISO_OCCURRED_AT})`;
const ACTOR = `coalesce(${textOf(data('actor'))}, ${textOf(`e.metadata->'actor'`)})`;
// $1 / $2: the contract's operation maps as jsonb.
const OPERATION = `coalesce((CASE WHEN ${IS_EXECUTION} THEN $1::jsonb ELSE $2::jsonb END) ->> e.event_type, e.event_type)`;

const COMMON_PAYLOAD = {
  eventId: 'e.event_id',
  eventType: 'e.event_type',
  operation: OPERATION,
  jobId: data('jobId'),
  status: textOf(data('status')),
  actor: ACTOR,
  timestamp: TIMESTAMP,
  streamId: 'e.stream_id',
  streamVersion: 'e.stream_version',
  globalPosition: 'e.global_position::text',
  schemaVersion: 'e.schema_version',
  data: 'e.data',
  previousStatus: textOf(data('previousStatus')),
  force: flagOf(data('force')),
};

const EXECUTION_PAYLOAD: Record<keyof JobExecutionPayload, string> = {
  ...COMMON_PAYLOAD,
  kind: `'job-execution'::text`,
  thingName: data('thingName'),
  // $3: the ARN of a thing with an empty name, i.e. everything before the name.
  thingArn: `coalesce(${textOf(data('thingArn'))}, $3::text || (e.data->>'thingName'))`,
  executionNumber: data('executionNumber'),
  versionNumber: data('versionNumber'),
  statusDetails: data('statusDetails'),
};

const JOB_PAYLOAD: Record<keyof JobPayload, string> = { ...COMMON_PAYLOAD, kind: `'job'::text` };

/**
 * Every payload field as a column of one lateral row `f` (a job's as well as an execution's; the
 * execution-only ones are dropped from a job's payload below). to_jsonb of that row costs less
 * than jsonb_build_object of the same pairs, which looks up the type of every argument per call.
 */
const PAYLOAD_FIELDS = Object.entries({
  ...EXECUTION_PAYLOAD,
  kind: `(CASE WHEN ${IS_EXECUTION} THEN ${EXECUTION_PAYLOAD.kind} ELSE ${JOB_PAYLOAD.kind} END)`,
}).map(([key, value]) => `${value} AS "${key}"`);
const EXECUTION_ONLY = Object.keys(EXECUTION_PAYLOAD).filter((key) => !(key in JOB_PAYLOAD));
const PAYLOAD = `(CASE WHEN ${IS_EXECUTION} THEN to_jsonb(f) ELSE to_jsonb(f) - '{${EXECUTION_ONLY.join(',')}}'::text[] END)`;

/** The columns of `auditRowOf`, read back from the payload `p.payload` as auditRowOf does. */
const AUDIT_ROW: Record<keyof AuditRow, string> = {
  event_id: 'p.event_id',
  stream_id: 'p.stream_id',
  stream_version: 'p.stream_version',
  global_position: 'p.global_position',
  event_type: 'p.event_type',
  schema_version: 'p.schema_version',
  kind: `p.payload->>'kind'`,
  job_id: `p.payload->>'jobId'`,
  // Absent from a job's payload, so NULL there, as in auditRowOf.
  thing_name: `p.payload->>'thingName'`,
  execution_number: `(p.payload->'executionNumber')::int`,
  status: `p.payload->>'status'`,
  actor: `p.payload->>'actor'`,
  occurred_at: `(p.payload->>'timestamp')::timestamptz`,
  payload: 'p.payload',
};

/**
 * SELECT of the audit rows of the events `e` in `source` (es_events or a relation with its columns)
 * that match `where`. The payload is built once per event in a subquery and the columns are read
 * from it; OFFSET 0 keeps Postgres from merging the subquery, which would copy the payload
 * expression into every column that reads it.
 */
export function auditRowsOf(source: string, where: string): string {
  return `SELECT ${AUDIT_COLUMNS.map((column) => AUDIT_ROW[column]).join(',\n         ')}
      FROM (SELECT e.event_id, e.stream_id, e.stream_version, e.global_position, e.event_type, e.schema_version,
                   ${PAYLOAD} AS payload
              FROM ${source} e
             CROSS JOIN LATERAL (SELECT ${PAYLOAD_FIELDS.join(', ')}) f
             WHERE ${where}
            OFFSET 0) p`;
}

// Identifiers only ('toString', '__proto__', …), so quoting them is enough.
const PROTOTYPE_MEMBERS = Object.getOwnPropertyNames(Object.prototype)
  .map((name) => `'${name}'`)
  .join(', ');
const numberIn = (json: string) => `jsonb_typeof(${json}) = 'number'`;

/**
 * True when the SQL above yields exactly what the JS contract yields; the rebuild hands the other
 * events to `toPayload` instead, so the two paths never differ. They are the odd shapes where JS
 * semantics leak into the result:
 * - `String(d.jobId)` / `String(d.thingName)` / `Number(d.executionNumber)` of non-strings and
 *   non-numbers ('undefined', NaN → null, …), and `.jobId` of a data or metadata that is no object;
 * - a fractional executionNumber, which the JS path's int column rejects while a cast would round;
 * - an event type named like an Object.prototype member, which the JS map lookup finds;
 * - numbers a double cannot hold (more than 15 significant digits, or beyond 1e15 / below 1e-14):
 *   the JS path rounds every number in `data` through a double. In jsonb's text, such a number is
 *   a run of at least 16 digits and dots (a string that looks alike only costs a detour via JS);
 * - occurred_at outside the years 1000-9999, where toISOString and to_char write years differently.
 * CASE, not AND, guards each cast, as Postgres does not promise to evaluate AND left to right.
 */
export const SQL_EXACT = `(CASE
    WHEN jsonb_typeof(e.data) <> 'object' OR jsonb_typeof(e.metadata) <> 'object' THEN false
    WHEN jsonb_typeof(${data('jobId')}) IS DISTINCT FROM 'string' THEN false
    WHEN e.event_type IN (${PROTOTYPE_MEMBERS}) THEN false
    WHEN e.data::text ~ '[0-9.]{16}' THEN false
    WHEN e.occurred_at < '1000-01-01 00:00:00Z' OR e.occurred_at >= '10000-01-01 00:00:00Z' THEN false
    WHEN NOT ${IS_EXECUTION} THEN true
    WHEN jsonb_typeof(${data('thingName')}) IS DISTINCT FROM 'string' THEN false
    WHEN ${numberIn(data('versionNumber'))} IS NOT TRUE THEN false
    WHEN ${numberIn(data('executionNumber'))} IS NOT TRUE THEN false
    ELSE (${data('executionNumber')})::numeric % 1 = 0
  END)`;

/** $1…$3 of every statement that uses the SQL above: the contract's maps are the one source. */
export function auditRowSqlParameters(context: Pick<ContractContext, 'region' | 'accountId'>): unknown[] {
  return [JSON.stringify(EXECUTION_OPERATIONS), JSON.stringify(JOB_OPERATIONS), thingArnOf(context, '')];
}
