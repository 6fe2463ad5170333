import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The server the test run was given. `scripts/run-tests.mjs` resolves it (explicit DATABASE_URL,
 * testcontainers, or the local server) and passes it down as TEST_DATABASE_URL.
 */
export function testServerUrl(): string {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A brand-new, empty database on the test server, so tests never see each other's rows. */
export async function freshDatabase(label = 'test'): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        // pool.end() resolves before the server has seen every connection close; a forced drop
        // right away would terminate them, and a pool without an error listener would then crash
        // its test process. Give them a moment to leave, then force whatever is left.
        const deadline = Date.now() + 3_000;
        while (Date.now() < deadline && (await connectionsTo(client, name)) > 0) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

async function connectionsTo(client: pg.Client, database: string): Promise<number> {
  const { rows } = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
    [database],
  );
  return rows[0]!.n;
}
