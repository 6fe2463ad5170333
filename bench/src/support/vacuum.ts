import pg from 'pg';

/**
 * VACUUM (ANALYZE) of the whole database: its tables as autovacuum keeps them on a running server.
 * Every cancel leaves dead row versions (a stream row, a view row and their index entries); a
 * measured run that starts after others would otherwise pay for theirs, and more so the longer the
 * warm-up. This matters most where autovacuum is off, as it is on the machine of BENCHMARKS.md.
 */
export async function vacuum(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}
