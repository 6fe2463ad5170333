import { randomUUID } from 'node:crypto';
import { after } from 'node:test';
import pg from 'pg';
import { freshDatabase, testServerUrl } from '#testing';
import { migrateEventStore, type NewEvent, type StoredEvent } from '#event-store';

export interface TestStore {
  url: string;
  pool: pg.Pool;
}

/** A migrated, empty database for one test file, dropped when the file's tests are done. */
export async function migratedDatabase(label: string, poolSize = 10): Promise<TestStore> {
  const db = await freshDatabase(label);
  await migrateEventStore(db.url);
  const pool = new pg.Pool({ connectionString: db.url, max: poolSize });
  after(async () => {
    await pool.end();
    await untilDisconnected(db.name);
    await db.drop();
  });
  return { url: db.url, pool };
}

export function newEvent(type = 'SomethingHappened', data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type, data, metadata: { correlationId: 'corr-1', actor: 'test' } };
}

export function newEvents(count: number, type?: string): NewEvent[] {
  return Array.from({ length: count }, (_, i) => newEvent(type, { i }));
}

/** Polls `check` until it returns true or the deadline passes (never a fixed sleep). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function ids(events: StoredEvent[]): string[] {
  return events.map((e) => e.eventId);
}

/**
 * pool.end() resolves before the server has closed the backends; DROP DATABASE ... WITH (FORCE)
 * would then kill them and their clients would report an error after the tests ended.
 */
async function untilDisconnected(database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  try {
    await eventually(async () => {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [database]);
      return rows[0]!.n === 0;
    }, `connections to ${database} to close`);
  } finally {
    await admin.end();
  }
}
