import type pg from 'pg';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from '#event-store';
import type { ContractContext } from '#messaging';
import { AUDIT_COLUMNS, auditRowsOfEvents, copyAuditRows } from './audit-row.js';
import { IN_CONTRACT, SQL_EXACT, auditRowSqlParameters, auditRowsOf } from './audit-row-sql.js';

export interface InServerCopyOptions {
  context: ContractContext;
  /** About this many events per statement. */
  eventsPerChunk: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Chunks are ranges of es_events' pages (a TID range scan, Postgres 14+), not of global_position:
 * the table has no index on global_position, so a position range would scan the whole table once
 * per chunk. Page ranges read every page exactly once. Events appended after the start land past
 * the last range; the live consumer projects them, and the swap carries its rows over.
 */
const CHUNK_PAGES = `e.ctid >= $3::tid AND e.ctid < $4::tid`;

/**
 * One statement per chunk ($1, $2: auditRowSqlParameters; $3, $4: the page range). The chunk's
 * events are read once, with SQL_EXACT evaluated once per event (it reads each event's data as
 * text, a good part of the cost), into a materialized CTE; from it, the insert builds every event
 * SQL maps exactly, and the statement returns the chunk's event count (for progress and the
 * result) and, beside it, the few events left to the JS contract.
 */
const chunkStatement = (table: string) => `WITH chunk AS MATERIALIZED (
      SELECT e.event_id, e.event_type, e.schema_version, e.data, e.metadata, e.occurred_at, e.recorded_at,
             e.stream_id, e.stream_version, e.global_position, e.transaction_id,
             ${IN_CONTRACT} AS in_contract, ${IN_CONTRACT} AND ${SQL_EXACT} AS in_sql
        FROM es_events e
       WHERE ${CHUNK_PAGES}
    ), copied AS (
      INSERT INTO ${table} (${AUDIT_COLUMNS.join(', ')})
      ${auditRowsOf('chunk', 'e.in_sql')}
    )
    SELECT (SELECT count(*)::int FROM chunk) AS events, left_to_js.*
      FROM (SELECT) AS one
      LEFT JOIN LATERAL (
        SELECT ${EVENT_COLUMNS}
          FROM chunk
         WHERE in_contract AND NOT in_sql
      ) left_to_js ON true`;

/** The chunk's event count, and one of the events left to JS (all NULL when there is none). */
type ChunkRow = { events: number } & { [K in keyof EventRow]: EventRow[K] | null };

/**
 * Chunk statements in flight at once. Building rows is CPU work inside the server; a second
 * backend puts a second core on it while the first waits on its writes. The pool needs as many
 * connections.
 */
export const CONCURRENT_CHUNKS = 2;

/**
 * Copies the event store into `table` inside Postgres, for when the store and the history share a
 * database. Returns the number of events read, as the client-side copy does.
 */
export async function copyStoreInServer(db: pg.Pool, table: string, options: InServerCopyOptions): Promise<number> {
  const { rows } = await db.query<{ total: number; pages: number }>(
    `SELECT count(*)::int AS total, (pg_relation_size('es_events') / current_setting('block_size')::int)::int AS pages FROM es_events`,
  );
  const { total, pages } = rows[0]!;
  // A multiple of CONCURRENT_CHUNKS chunks of equal page counts, so no connection is left with
  // one chunk more than the other at the end.
  const rounds = Math.max(1, Math.ceil(total / (options.eventsPerChunk * CONCURRENT_CHUNKS)));
  const pagesPerChunk = Math.max(1, Math.ceil(pages / (rounds * CONCURRENT_CHUNKS)));
  const chunk = chunkCopier(db, table, options.context);
  let done = 0;
  let nextPage = 0;
  let failure: { error: unknown } | undefined;
  options.onProgress?.(0, total);
  // Each worker takes the next page range until none is left or one of them has failed.
  const worker = async () => {
    while (nextPage < pages && failure === undefined) {
      const first = nextPage;
      nextPage += pagesPerChunk;
      try {
        const events = await chunk(first, first + pagesPerChunk);
        done += events; // not `done += await …`, which would add to the value read before the wait
        options.onProgress?.(done, Math.max(total, done));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CHUNKS }, worker));
  if (failure !== undefined) throw failure.error;
  return done;
}

/**
 * Copies the events on pages [first, end) and returns how many events those pages held: the chunk
 * statement, then the rows JS built for the events it left, in one transaction.
 */
function chunkCopier(db: pg.Pool, table: string, context: ContractContext) {
  const statement = chunkStatement(table);
  const parameters = auditRowSqlParameters(context);
  return async (first: number, end: number): Promise<number> => {
    const client = await db.connect();
    try {
      await client.query('BEGIN');
      // Room for the materialized chunk (about a kilobyte per event) without spilling to disk.
      await client.query(`SET LOCAL work_mem = '64MB'`);
      // No flush wait per chunk: nothing reads audit_history_next before the swap, whose own
      // (synchronous) commit comes later in the WAL and so makes every chunk durable with it.
      await client.query('SET LOCAL synchronous_commit = off');
      const { rows } = await client.query<ChunkRow>(statement, [...parameters, `(${first},0)`, `(${end},0)`]);
      const leftToJs = rows.filter((row) => row.event_id !== null).map((row) => toStoredEvent(row as EventRow));
      await copyAuditRows(client, table, auditRowsOfEvents(leftToJs, context));
      await client.query('COMMIT');
      return rows[0]!.events;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}
