import type pg from 'pg';
import type { HistoryPayload } from './audit-row.js';

export interface HistoryFilter {
  /** Exactly one scope: one execution stream, a thing, a job, or one stream (a job template's). */
  scope: { jobId: string; thingName: string } | { thingName: string } | { jobId: string } | { streamId: string };
  executionNumber?: number;
  from?: Date;
  to?: Date;
  eventTypes?: string[];
  actor?: string;
  limit: number;
  /** Position after which the page starts (from the previous page's nextToken). */
  after?: string;
}

export interface HistoryEntry {
  eventId: string;
  eventType: string;
  streamId: string;
  streamVersion: number;
  globalPosition: string;
  /** null for thing, thing-group and job-template events. */
  jobId: string | null;
  thingName: string | null;
  executionNumber: number | null;
  status: string | null;
  actor: string | null;
  occurredAt: string;
  payload: HistoryPayload;
}

export interface HistoryPage {
  events: HistoryEntry[];
  nextToken?: string;
}

interface Row {
  event_id: string;
  event_type: string;
  stream_id: string;
  stream_version: string;
  global_position: string;
  job_id: string | null;
  thing_name: string | null;
  execution_number: number | null;
  status: string | null;
  actor: string | null;
  occurred_at: Date;
  payload: HistoryPayload;
}

/** Read side of the audit history: filtered, keyset-paged by global position. */
export class HistoryQueries {
  constructor(private readonly pool: pg.Pool) {}

  async page(filter: HistoryFilter): Promise<HistoryPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const bind = (value: unknown) => `$${values.push(value)}`;
    const { scope } = filter;
    if ('jobId' in scope) where.push(`job_id = ${bind(scope.jobId)}`);
    if ('thingName' in scope) where.push(`thing_name = ${bind(scope.thingName)}`);
    if ('jobId' in scope && 'thingName' in scope) where.push(`kind = 'job-execution'`);
    // One stream's rows, through the (stream_id, stream_version) unique index.
    if ('streamId' in scope) where.push(`stream_id = ${bind(scope.streamId)}`);
    if (filter.executionNumber !== undefined) where.push(`execution_number = ${bind(filter.executionNumber)}`);
    if (filter.from) where.push(`occurred_at >= ${bind(filter.from)}`);
    if (filter.to) where.push(`occurred_at < ${bind(filter.to)}`);
    if (filter.eventTypes?.length) where.push(`event_type = ANY(${bind(filter.eventTypes)}::text[])`);
    if (filter.actor !== undefined) where.push(`actor = ${bind(filter.actor)}`);
    if (filter.after !== undefined) where.push(`global_position > ${bind(filter.after)}::bigint`);
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM audit_history WHERE ${where.join(' AND ')}
        ORDER BY global_position LIMIT ${bind(filter.limit + 1)}`,
      values,
    );
    const events = rows.slice(0, filter.limit).map(entryOf);
    return rows.length > filter.limit ? { events, nextToken: events.at(-1)!.globalPosition } : { events };
  }

  /** Every event of one stream up to a version or a time, in stream order. */
  async streamUpTo(streamId: string, bound: { version?: number; time?: Date }): Promise<HistoryEntry[]> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM audit_history
        WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_version <= $2) AND ($3::timestamptz IS NULL OR occurred_at <= $3)
        ORDER BY stream_version`,
      [streamId, bound.version ?? null, bound.time ?? null],
    );
    return rows.map(entryOf);
  }

  /** The deletions among the given thing-group streams that happened at or before `time`. */
  async groupDeletionsUpTo(groupStreamIds: readonly string[], time: Date): Promise<HistoryEntry[]> {
    if (groupStreamIds.length === 0) return [];
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM audit_history
        WHERE stream_id = ANY($1::text[]) AND event_type = 'ThingGroupDeleted' AND occurred_at <= $2
        ORDER BY global_position`,
      [groupStreamIds, time],
    );
    return rows.map(entryOf);
  }
}

function entryOf(row: Row): HistoryEntry {
  return {
    eventId: row.event_id,
    eventType: row.event_type,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    globalPosition: row.global_position,
    jobId: row.job_id,
    thingName: row.thing_name,
    executionNumber: row.execution_number,
    status: row.status,
    actor: row.actor,
    occurredAt: row.occurred_at.toISOString(),
    payload: row.payload,
  };
}
