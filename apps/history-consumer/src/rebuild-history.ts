import pg from 'pg';
import { readAll, START_OF_ALL, checkpointOf } from '#event-store';
import type { ContractContext } from '#messaging';
import { auditRowsOfEvents, copyAuditRows } from './audit-row.js';
import { CONCURRENT_CHUNKS, copyStoreInServer } from './in-server-rebuild.js';

export interface RebuildOptions {
  eventStoreUrl: string;
  historyUrl: string;
  context: ContractContext;
  /** Events per read and insert (client-side copy) or per statement (in-server copy). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface RebuildResult {
  /** Events read from the store and written into the rebuilt table. */
  rebuilt: number;
  /** Rows the live consumer had projected meanwhile (past the rebuild's end) and carried over. */
  carriedOver: number;
}

const NEXT = 'audit_history_next';

/**
 * Rebuilds audit_history from the event store while the consumer keeps running: everything goes
 * into a fresh table, then one short transaction locks the live table, carries over rows the
 * consumer added meanwhile, and swaps the tables. Readers see either the old or the new table.
 * When the store and the history are one database, the rows are built inside Postgres
 * (in-server-rebuild.ts); otherwise every event is read out and written back by this process.
 */
export async function rebuildAuditHistory(options: RebuildOptions): Promise<RebuildResult> {
  const inServer = options.eventStoreUrl === options.historyUrl;
  const history = new pg.Pool({ connectionString: options.historyUrl, max: CONCURRENT_CHUNKS });
  const store = inServer ? history : new pg.Pool({ connectionString: options.eventStoreUrl, max: 1 });
  try {
    const horizon = await commitHorizon(store);
    // No indexes during the bulk copy: building them once afterwards is cheaper than maintaining
    // four of them row by row. Each event is read once, so the copy cannot create duplicates.
    await history.query(`DROP TABLE IF EXISTS ${NEXT}; CREATE TABLE ${NEXT} (LIKE audit_history INCLUDING ALL EXCLUDING INDEXES)`);
    const rebuilt = inServer
      ? await copyStoreInServer(history, NEXT, {
          context: options.context,
          eventsPerChunk: options.batchSize ?? DEFAULT_CHUNK,
          onProgress: options.onProgress,
        })
      : await copyStore(store, history, options);
    await copyIndexes(history);
    const carriedOver = await swapIn(history, inServer ? undefined : store, horizon);
    return { rebuilt, carriedOver };
  } finally {
    await history.end();
    if (!inServer) await store.end();
  }
}

/**
 * Taken before the copy starts: every transaction below it has ended, so the copy holds every
 * event they wrote. Only events of transactions at or above it can be missing from the copy.
 */
async function commitHorizon(store: pg.Pool): Promise<string> {
  const { rows } = await store.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
  return rows[0]!.horizon;
}

/**
 * Events per in-server statement: progress moves, no statement runs for long, and even a store of
 * some 50,000 events is split enough for the chunks to run side by side.
 */
const DEFAULT_CHUNK = 10_000;

/** Rows per read and per insert: large enough that round trips stop mattering, small enough to hold in memory. */
const DEFAULT_BATCH = 5_000;

/**
 * Copies the store batch by batch. The read of the next batch runs while the current one is being
 * inserted (two connections), so the copy takes about max(read, write) per batch, not their sum.
 */
async function copyStore(store: pg.Pool, history: pg.Pool, options: RebuildOptions): Promise<number> {
  const { rows } = await store.query<{ total: string }>('SELECT count(*) AS total FROM es_events');
  const total = Number(rows[0]!.total);
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  let done = 0;
  options.onProgress?.(0, total);
  let events = await readAll(store, START_OF_ALL, batchSize);
  while (events.length > 0) {
    const next = readAll(store, checkpointOf(events.at(-1)!), batchSize);
    // Awaited together, so a failed read can never go unhandled while the insert runs.
    const [following] = await Promise.all([next, copyAuditRows(history, NEXT, auditRowsOfEvents(events, options.context))]);
    done += events.length;
    options.onProgress?.(done, Math.max(total, done));
    events = following;
  }
  return done;
}

/**
 * Gives audit_history_next the live table's keys and indexes, read from the catalog so they follow
 * the migrations. Names are left to Postgres (as `LIKE … INCLUDING ALL` does); the live table still
 * holds the current ones.
 */
async function copyIndexes(history: pg.Pool): Promise<void> {
  const { rows: constraints } = await history.query<{ definition: string }>(
    `SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = 'audit_history'::regclass AND contype IN ('p', 'u', 'x') ORDER BY oid`,
  );
  for (const { definition } of constraints) await history.query(`ALTER TABLE ${NEXT} ADD ${definition}`);
  const { rows: indexes } = await history.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
     WHERE i.indrelid = 'audit_history'::regclass
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY i.indexrelid`,
  );
  for (const { definition } of indexes) await history.query(indexOnNext(definition));
}

/** `CREATE [UNIQUE] INDEX name ON schema.audit_history USING …` → the same index on audit_history_next, unnamed. */
function indexOnNext(definition: string): string {
  const match = /^CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?\S+ (USING .*)$/s.exec(definition);
  if (match === null) throw new Error(`unexpected index definition: ${definition}`);
  return `CREATE ${match[1] ?? ''}INDEX ON ${NEXT} ${match[2]}`;
}

/**
 * Swaps the copy in under a lock that blocks the consumer's inserts (and readers) for the moment
 * of the swap; the consumer then writes to the new table. Rows the consumer wrote that the copy
 * lacks are carried over. Those can only be of events at or above the horizon, and every such
 * event the consumer has projected committed before the lock was granted. So the lowest position
 * among them, read after the lock, bounds what to carry over, and the index on global_position
 * finds those rows: the lock lasts as long as the rows written during the rebuild take to copy,
 * not the whole table. `separateStore` is the store's pool when it is another database.
 */
async function swapIn(history: pg.Pool, separateStore: pg.Pool | undefined, horizon: string): Promise<number> {
  const client = await history.connect();
  try {
    await client.query('BEGIN');
    await client.query('LOCK TABLE audit_history IN ACCESS EXCLUSIVE MODE');
    const { rows } = await (separateStore ?? client).query<{ position: string | null }>(
      'SELECT min(global_position)::text AS position FROM es_events WHERE transaction_id >= $1::xid8',
      [horizon],
    );
    const from = rows[0]!.position;
    const carried =
      from === null
        ? { rowCount: 0 }
        : await client.query(`INSERT INTO ${NEXT} SELECT * FROM audit_history WHERE global_position >= $1 ON CONFLICT DO NOTHING`, [from]);
    await client.query('DROP TABLE audit_history');
    await client.query(`ALTER TABLE ${NEXT} RENAME TO audit_history`);
    await client.query('COMMIT');
    return carried.rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
