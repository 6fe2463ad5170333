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
  const history = new pg.Pool({ connectionString: options.historyUrl, max: CONCURRENT_CHUNKS });
  try {
    // No indexes during the bulk copy: building them once afterwards is cheaper than maintaining
    // four of them row by row. Each event is read once, so the copy cannot create duplicates.
    await history.query(`DROP TABLE IF EXISTS ${NEXT}; CREATE TABLE ${NEXT} (LIKE audit_history INCLUDING ALL EXCLUDING INDEXES)`);
    const rebuilt =
      options.eventStoreUrl === options.historyUrl
        ? await copyStoreInServer(history, NEXT, {
            context: options.context,
            eventsPerChunk: options.batchSize ?? DEFAULT_CHUNK,
            onProgress: options.onProgress,
          })
        : await copyStoreThroughClient(history, options);
    await copyIndexes(history);
    const carriedOver = await swapIn(history);
    return { rebuilt, carriedOver };
  } finally {
    await history.end();
  }
}

/**
 * Events per in-server statement: progress moves, no statement runs for long, and even a store of
 * some 50,000 events is split enough for the chunks to run side by side.
 */
const DEFAULT_CHUNK = 10_000;

/** Rows per read and per insert: large enough that round trips stop mattering, small enough to hold in memory. */
const DEFAULT_BATCH = 5_000;

async function copyStoreThroughClient(history: pg.Pool, options: RebuildOptions): Promise<number> {
  const store = new pg.Pool({ connectionString: options.eventStoreUrl, max: 1 });
  try {
    return await copyStore(store, history, options);
  } finally {
    await store.end();
  }
}

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

async function swapIn(history: pg.Pool): Promise<number> {
  const client = await history.connect();
  try {
    await client.query('BEGIN');
    // Blocks the consumer's inserts for the moment of the swap; they then go to the new table.
    await client.query('LOCK TABLE audit_history IN ACCESS EXCLUSIVE MODE');
    const carried = await client.query(`INSERT INTO ${NEXT} SELECT * FROM audit_history ON CONFLICT DO NOTHING`);
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
