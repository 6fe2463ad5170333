import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

/** The store's SQL migrations (this file runs from dist/libs/event-store/src/). */
export const EVENT_STORE_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../libs/event-store/migrations', import.meta.url));

// Arbitrary, fixed key: every process migrating this database queues on the same advisory lock.
const MIGRATION_LOCK_KEY = 4_471_923_311;

/**
 * Brings the database up to date: the event store's migrations, then each extra folder (e.g. the
 * read models'). Safe at every start-up and from concurrent processes: they queue on an advisory
 * lock and the later ones find nothing to do. Each folder keeps its own migrations table (named
 * after the folder's parent, e.g. `pgmigrations_read_models`), so folders never clash over
 * migration names or ordering.
 */
export async function migrateEventStore(databaseUrl: string, extraMigrationDirs: string[] = []): Promise<void> {
  const folders = [EVENT_STORE_MIGRATIONS_DIR, ...extraMigrationDirs].map((dir) => resolve(dir));
  const tables = folders.map(migrationsTableFor);
  assertUsable(folders, tables);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    for (const [i, dir] of folders.entries()) {
      await runner({
        dbClient: client,
        dir,
        migrationsTable: tables[i]!,
        direction: 'up',
        // We hold our own lock (node-pg-migrate's default lock mode fails instead of waiting).
        noLock: true,
        singleTransaction: true,
        log: () => undefined,
      });
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}

/** `.../libs/event-store/migrations` → `pgmigrations_event_store`. */
function migrationsTableFor(dir: string): string {
  const owner = basename(dirname(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return `pgmigrations_${owner}`;
}

function assertUsable(folders: string[], tables: string[]): void {
  for (const dir of folders) {
    if (!existsSync(dir)) throw new Error(`Migrations folder not found: ${dir}`);
  }
  const duplicate = tables.find((t, i) => tables.indexOf(t) !== i);
  if (duplicate !== undefined) {
    throw new Error(`Two migration folders would share the migrations table ${duplicate}; give them distinct parents`);
  }
}
