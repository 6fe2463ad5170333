import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { freshDatabase } from '#testing';
import { EVENT_STORE_MIGRATIONS_DIR, migrateEventStore, PostgresEventStore } from '#event-store';
import { newEvent } from './support.js';

async function withDatabase<T>(label: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await freshDatabase(label);
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('migrateEventStore', () => {
  it('finds its migrations folder from the compiled code', () => {
    assert.ok(existsSync(EVENT_STORE_MIGRATIONS_DIR), EVENT_STORE_MIGRATIONS_DIR);
  });

  it('is idempotent: a second run changes nothing and the store works', async () => {
    await withDatabase('es_migrate_twice', async (url) => {
      await migrateEventStore(url);
      await migrateEventStore(url);
      const applied = await query<{ name: string }>(url, 'SELECT name FROM pgmigrations_event_store');
      assert.equal(applied.length, 2, 'the event store and its snapshots table, each applied once');

      const pool = new pg.Pool({ connectionString: url, max: 2 });
      try {
        const result = await new PostgresEventStore(pool).append('s', 'no-stream', [newEvent()]);
        assert.equal(result.nextExpectedVersion, 1);
      } finally {
        await pool.end();
      }
    });
  });

  it('runs extra folders under their own migrations table, safely from concurrent callers', async () => {
    const root = await mkdtemp(join(tmpdir(), 'es-migrate-'));
    after(() => rm(root, { recursive: true, force: true }));
    const extra = join(root, 'read-models', 'migrations');
    await mkdir(extra, { recursive: true });
    await writeFile(
      join(extra, '1764300000001_widgets.sql'),
      '-- Up Migration\nCREATE TABLE widgets (id int PRIMARY KEY);\n-- Down Migration\nDROP TABLE widgets;\n',
    );

    await withDatabase('es_migrate_concurrent', async (url) => {
      await Promise.all([1, 2, 3].map(() => migrateEventStore(url, [extra])));
      const tables = await query<{ table_name: string }>(
        url,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      assert.deepEqual(
        tables.map((t) => t.table_name),
        ['es_checkpoints', 'es_events', 'es_snapshots', 'es_streams', 'pgmigrations_event_store', 'pgmigrations_read_models', 'widgets'],
      );
      assert.equal((await query(url, 'SELECT 1 FROM pgmigrations_read_models')).length, 1);
      assert.equal((await query(url, 'SELECT 1 FROM pgmigrations_event_store')).length, 2);
    });
  });

  it('refuses a folder that does not exist', async () => {
    await assert.rejects(migrateEventStore('postgres://unused@127.0.0.1:1/x', ['/nonexistent/migrations']), /not found/);
  });
});
