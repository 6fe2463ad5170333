import { STREAM_TYPES, streamIdPrefix } from '#jobs/domain';
import {
  EXECUTION_OPERATIONS,
  JOB_OPERATIONS,
  JOB_TEMPLATE_OPERATIONS,
  THING_GROUP_OPERATIONS,
  THING_OPERATIONS,
  thingArnOf,
  type ContractContext,
  type JobExecutionPayload,
  type JobPayload,
  type JobTemplatePayload,
  type ThingGroupPayload,
  type ThingPayload,
} from '#messaging';
import { AUDIT_COLUMNS, type AuditRow } from './audit-row.js';

/**
 * `auditRowOf(toPayload(event, context))` written as SQL over an es_events row `e`, so the
 * in-server rebuild builds every audit row without it leaving Postgres. The maps below are typed
 * by the payload and row types: a field added there does not compile until it has its SQL here.
 * The statements take `auditRowSqlParameters(context)` as $1 and $2.
 */

const data = (key: string) => `e.data->'${key}'`;
/** `text()` of the contract: a JSON string as text, anything else NULL. */
const textOf = (json: string) => `(CASE WHEN jsonb_typeof(${json}) = 'string' THEN ${json} #>> '{}' END)`;
/** `flag()` of the contract: a JSON boolean, anything else NULL. */
const flagOf = (json: string) => `(CASE WHEN jsonb_typeof(${json}) = 'boolean' THEN ${json} END)`;

const IS_EXECUTION = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.jobExecution)}')`;
const IS_JOB = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.job)}')`;
const IS_THING = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.thing)}')`;
const IS_THING_GROUP = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.thingGroup)}')`;
const IS_JOB_TEMPLATE = `starts_with(e.stream_id, '${streamIdPrefix(STREAM_TYPES.jobTemplate)}')`;
/**
 * Streams `historyPayloadOf` maps (`toPayload`, `toRegistryPayload`, `toJobTemplatePayload`);
 * events of any other stream have no audit row.
 */
export const IN_CONTRACT = `(${IS_EXECUTION} OR ${IS_JOB} OR ${IS_THING} OR ${IS_THING_GROUP} OR ${IS_JOB_TEMPLATE})`;

// Date.prototype.toISOString of the Date node-postgres makes of occurred_at: UTC, 'Z', and whole
// milliseconds, because the driver drops the microseconds (truncating, as to_char's MS does).
const ISO_OCCURRED_AT = `to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const TIMESTAMP = `coalesce(${textOf(data('at'))}, ${ISO_OCCURRED_AT})`;
const ACTOR = `coalesce(${textOf(data('actor'))}, ${textOf(`e.metadata->'actor'`)})`;
// $1: the contract's operation maps as jsonb, by stream type (the stream id's first segment).
const OPERATION = `coalesce($1::jsonb -> split_part(e.stream_id, '/', 1) ->> e.event_type, e.event_type)`;

/** The fields every payload kind has. */
const EVENT_PAYLOAD = {
  eventId: 'e.event_id',
  eventType: 'e.event_type',
  operation: OPERATION,
  actor: ACTOR,
  timestamp: TIMESTAMP,
  streamId: 'e.stream_id',
  streamVersion: 'e.stream_version',
  globalPosition: 'e.global_position::text',
  schemaVersion: 'e.schema_version',
  data: 'e.data',
};

const COMMON_PAYLOAD = {
  ...EVENT_PAYLOAD,
  jobId: data('jobId'),
  status: textOf(data('status')),
  previousStatus: textOf(data('previousStatus')),
  force: flagOf(data('force')),
};

const EXECUTION_PAYLOAD: Record<keyof JobExecutionPayload, string> = {
  ...COMMON_PAYLOAD,
  kind: `'job-execution'::text`,
  thingName: data('thingName'),
  // $2: the ARN of a thing with an empty name, i.e. everything before the name.
  thingArn: `coalesce(${textOf(data('thingArn'))}, $2::text || (e.data->>'thingName'))`,
  executionNumber: data('executionNumber'),
  versionNumber: data('versionNumber'),
  statusDetails: data('statusDetails'),
};

const JOB_PAYLOAD: Record<keyof JobPayload, string> = { ...COMMON_PAYLOAD, kind: `'job'::text` };

// String(d.thingName) and friends in the JS contract; SQL_EXACT leaves only strings to this side.
const THING_PAYLOAD: Record<keyof ThingPayload, string> = {
  ...EVENT_PAYLOAD,
  kind: `'thing'::text`,
  thingName: data('thingName'),
  thingId: data('thingId'),
};

const THING_GROUP_PAYLOAD: Record<keyof ThingGroupPayload, string> = {
  ...EVENT_PAYLOAD,
  kind: `'thing-group'::text`,
  thingGroupName: data('thingGroupName'),
  thingGroupId: data('thingGroupId'),
};

const JOB_TEMPLATE_PAYLOAD: Record<keyof JobTemplatePayload, string> = {
  ...EVENT_PAYLOAD,
  kind: `'job-template'::text`,
  jobTemplateId: data('jobTemplateId'),
};

/** Each payload kind with the stream condition that selects it (the last one is the ELSE). */
const KINDS: ReadonlyArray<[condition: string, payload: Readonly<Record<string, string>>]> = [
  [IS_EXECUTION, EXECUTION_PAYLOAD],
  [IS_JOB, JOB_PAYLOAD],
  [IS_THING, THING_PAYLOAD],
  [IS_THING_GROUP, THING_GROUP_PAYLOAD],
  [IS_JOB_TEMPLATE, JOB_TEMPLATE_PAYLOAD],
];

/**
 * Every field of every kind as a column of one lateral row `f`; the fields a kind lacks are
 * dropped from its payload below. Fields of one name share one expression in all kinds but `kind`.
 * to_jsonb of that row costs less than jsonb_build_object of the same pairs, which looks up the
 * type of every argument per call.
 */
const ALL_FIELDS: Readonly<Record<string, string>> = Object.assign({}, ...KINDS.map(([, payload]) => payload));
const PAYLOAD_FIELDS = Object.entries({
  ...ALL_FIELDS,
  kind: `(CASE ${KINDS.map(([condition, payload]) => `WHEN ${condition} THEN ${payload.kind}`).join(' ')} END)`,
}).map(([key, value]) => `${value} AS "${key}"`);
const payloadOfKind = (payload: Readonly<Record<string, string>>) => {
  const lacking = Object.keys(ALL_FIELDS).filter((key) => !(key in payload));
  return lacking.length === 0 ? 'to_jsonb(f)' : `to_jsonb(f) - '{${lacking.join(',')}}'::text[]`;
};
const PAYLOAD = `(CASE ${KINDS.map(([condition, payload]) => `WHEN ${condition} THEN ${payloadOfKind(payload)}`).join(' ')} END)`;

/** The columns of `auditRowOf`, read back from the payload `p.payload` as auditRowOf does. */
const AUDIT_ROW: Record<keyof AuditRow, string> = {
  event_id: 'p.event_id',
  stream_id: 'p.stream_id',
  stream_version: 'p.stream_version',
  global_position: 'p.global_position',
  event_type: 'p.event_type',
  schema_version: 'p.schema_version',
  kind: `p.payload->>'kind'`,
  // Absent from a registry or template event's payload, so NULL there, as in auditRowOf.
  job_id: `p.payload->>'jobId'`,
  // Absent from a job's, a thing group's and a template's payload, so NULL there, as in auditRowOf.
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
 * - `String(d.jobId)` / `String(d.thingName)` / `String(d.thingGroupId)` / `String(d.jobTemplateId)` / `Number(d.executionNumber)` of non-strings and
 *   non-numbers ('undefined', NaN → null, …), and `.jobId` of a data or metadata that is no object;
 * - a fractional executionNumber, which the JS path's int column rejects while a cast would round;
 * - an event type named like an Object.prototype member, which the JS map lookup finds;
 * - numbers a double cannot hold (more than 15 significant digits, or beyond 1e15 / below 1e-14):
 *   the JS path rounds every number in `data` through a double. In jsonb's text, such a number is
 *   a run of at least 16 digits and dots (a string that looks alike only costs a detour via JS);
 * - occurred_at outside the years 1000-9999, where toISOString and to_char write years differently.
 * CASE, not AND, guards each cast, as Postgres does not promise to evaluate AND left to right.
 */
const notText = (json: string) => `jsonb_typeof(${json}) IS DISTINCT FROM 'string'`;

export const SQL_EXACT = `(CASE
    WHEN jsonb_typeof(e.data) <> 'object' OR jsonb_typeof(e.metadata) <> 'object' THEN false
    WHEN e.event_type IN (${PROTOTYPE_MEMBERS}) THEN false
    WHEN e.data::text ~ '[0-9.]{16}' THEN false
    WHEN e.occurred_at < '1000-01-01 00:00:00Z' OR e.occurred_at >= '10000-01-01 00:00:00Z' THEN false
    WHEN ${IS_THING} THEN NOT (${notText(data('thingName'))} OR ${notText(data('thingId'))})
    WHEN ${IS_THING_GROUP} THEN NOT (${notText(data('thingGroupName'))} OR ${notText(data('thingGroupId'))})
    WHEN ${IS_JOB_TEMPLATE} THEN NOT ${notText(data('jobTemplateId'))}
    WHEN ${notText(data('jobId'))} THEN false
    WHEN NOT ${IS_EXECUTION} THEN true
    WHEN jsonb_typeof(${data('thingName')}) IS DISTINCT FROM 'string' THEN false
    WHEN ${numberIn(data('versionNumber'))} IS NOT TRUE THEN false
    WHEN ${numberIn(data('executionNumber'))} IS NOT TRUE THEN false
    ELSE (${data('executionNumber')})::numeric % 1 = 0
  END)`;

/** $1 and $2 of every statement that uses the SQL above: the contract's maps are the one source. */
export function auditRowSqlParameters(context: Pick<ContractContext, 'region' | 'accountId'>): unknown[] {
  const operations = {
    [STREAM_TYPES.jobExecution]: EXECUTION_OPERATIONS,
    [STREAM_TYPES.job]: JOB_OPERATIONS,
    [STREAM_TYPES.thing]: THING_OPERATIONS,
    [STREAM_TYPES.thingGroup]: THING_GROUP_OPERATIONS,
    [STREAM_TYPES.jobTemplate]: JOB_TEMPLATE_OPERATIONS,
  };
  return [JSON.stringify(operations), thingArnOf(context, '')];
}
