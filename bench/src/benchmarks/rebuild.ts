import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { HISTORY_MIGRATIONS_DIR, rebuildAuditHistory } from '#history-consumer';
import { freshDatabase } from '#testing';
import type { BenchContext } from '../support/context.js';
import { appendQueuedEvents, CONTEXT } from '../support/population.js';
import type { BenchmarkResult } from '../support/report.js';
import { mediansInTurns, msSince, perSecond } from '../support/stats.js';

/**
 * Benchmark 5: replaying the store into the audit history (the history consumer's rebuild) against
 * a plain `INSERT … SELECT` of the same rows into a table of the same shape and indexes. Store and
 * history share the database, as with `npm run history:rebuild` when EVENT_STORE_DATABASE_URL is
 * unset, so this measures the in-server rebuild (rows and payload built in SQL).
 */
export async function rebuildBenchmark(context: BenchContext): Promise<BenchmarkResult[]> {
  const total = context.sizes.rebuildEvents;
  const db = await freshDatabase('bench_rebuild');
  const sql = new pg.Pool({ connectionString: db.url, max: 1 });
  try {
    await migrateEventStore(db.url, [HISTORY_MIGRATIONS_DIR]);
    await appendQueuedEvents(db.url, 'bench-rebuild', total);
    // Both sides then read a settled store: otherwise the first to scan the fresh rows (the rebuild)
    // pays for setting their hint bits, and autovacuum, due after the bulk append, runs alongside it.
    await sql.query('VACUUM (ANALYZE) es_events');
    context.log(`rebuild: ${total} events`);
    // The first rebuild, unmeasured, fills the live table as the consumer would have (a rebuild
    // replaces a full table) and runs both sides' code once. Then they take turns.
    await rebuild(db.url, total);
    await plainInsertSelect(sql);
    const [rebuildMs, plainMs] = await mediansInTurns(
      TURNS,
      () => rebuild(db.url, total),
      () => plainInsertSelect(sql),
    );
    return [
      {
        name: '5. Projection rebuild into the audit history',
        notes: [
          `${total} events, rebuilt in Postgres (one database) over a full live table; baseline: one INSERT … SELECT from es_events into a copy of audit_history (same indexes)`,
          `after one unmeasured run each, ${TURNS} runs per side taken in turns; the median of each side is reported`,
        ],
        figures: [
          {
            metric: 'rate',
            unit: 'events/s',
            value: perSecond(total, rebuildMs),
            baseline: perSecond(total, plainMs),
            baselineName: 'INSERT … SELECT',
            target: 'ratio >= 0.50',
          },
        ],
      },
    ];
  } finally {
    await sql.end();
    await db.drop();
  }
}

/** Measured runs per side, taken in turns. */
const TURNS = 3;

/** One rebuild of the audit history; its time in ms. */
async function rebuild(url: string, total: number): Promise<number> {
  const started = process.hrtime.bigint();
  const result = await rebuildAuditHistory({ eventStoreUrl: url, historyUrl: url, context: CONTEXT });
  const ms = msSince(started);
  if (result.rebuilt !== total) throw new Error(`rebuild replayed ${result.rebuilt} of ${total} events`);
  return ms;
}

async function plainInsertSelect(sql: pg.Pool): Promise<number> {
  await sql.query('DROP TABLE IF EXISTS audit_plain; CREATE TABLE audit_plain (LIKE audit_history INCLUDING ALL)');
  const started = process.hrtime.bigint();
  await sql.query(
    `INSERT INTO audit_plain (event_id, stream_id, stream_version, global_position, event_type, schema_version, kind, job_id,
       thing_name, execution_number, status, actor, occurred_at, payload)
     SELECT event_id, stream_id, stream_version, global_position, event_type, schema_version,
            CASE WHEN stream_id LIKE 'job-execution/%' THEN 'job-execution' ELSE 'job' END,
            data->>'jobId', data->>'thingName', (data->>'executionNumber')::int, data->>'status',
            coalesce(data->>'actor', metadata->>'actor'), occurred_at, data
       FROM es_events ORDER BY global_position`,
  );
  return msSince(started);
}
