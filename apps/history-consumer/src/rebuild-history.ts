import pg from 'pg';
import { readAll, START_OF_ALL, checkpointOf, type GlobalCheckpoint } from '#event-store';
import { toPayload, type ContractContext, type JobEventPayload } from '#messaging';
import { auditRowOf, insertAuditRows } from './audit-row.js';

export interface RebuildOptions {
  eventStoreUrl: string;
  historyUrl: string;
  context: ContractContext;
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
 */
export async function rebuildAuditHistory(options: RebuildOptions): Promise<RebuildResult> {
  const store = new pg.Pool({ connectionString: options.eventStoreUrl, max: 1 });
  const history = new pg.Pool({ connectionString: options.historyUrl, max: 1 });
  try {
    await history.query(`DROP TABLE IF EXISTS ${NEXT}; CREATE TABLE ${NEXT} (LIKE audit_history INCLUDING ALL)`);
    const rebuilt = await copyStore(store, history, options);
    const carriedOver = await swapIn(history);
    return { rebuilt, carriedOver };
  } finally {
    await Promise.all([store.end(), history.end()]);
  }
}

async function copyStore(store: pg.Pool, history: pg.Pool, options: RebuildOptions): Promise<number> {
  const { rows } = await store.query<{ total: string }>('SELECT count(*) AS total FROM es_events');
  const total = Number(rows[0]!.total);
  let position: GlobalCheckpoint = START_OF_ALL;
  let done = 0;
  options.onProgress?.(0, total);
  for (;;) {
    const events = await readAll(store, position, options.batchSize ?? 500);
    if (events.length === 0) return done;
    const payloads = events.map((e) => toPayload(e, options.context)).filter((p): p is JobEventPayload => p !== undefined);
    await insertAuditRows(history, NEXT, payloads.map(auditRowOf));
    position = checkpointOf(events.at(-1)!);
    done += events.length;
    options.onProgress?.(done, Math.max(total, done));
  }
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
