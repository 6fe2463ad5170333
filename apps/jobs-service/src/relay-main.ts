import pg from 'pg';
import { migrateEventStore } from '#event-store';
import { READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { ConfigError } from './config/config.js';
import { loadRelayConfig } from './config/relay-config.js';
import { createRelay } from './relay.js';

/**
 * The outbox relay on its own (no HTTP): `node dist/apps/jobs-service/src/relay-main.js` with
 * DATABASE_URL, KAFKA_* and the AWS identity (see config/relay-config.ts). Run as many as you like;
 * the lease keeps exactly one publishing.
 */
async function main(): Promise<void> {
  const config = loadRelayConfig();
  const databaseUrl = config.DATABASE_URL;
  await migrateEventStore(databaseUrl, [READ_MODEL_MIGRATIONS_DIR]);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  pool.on('error', () => undefined);
  const relay = createRelay(config, pool, (error) => console.error('relay:', error instanceof Error ? error.message : error))!;
  await relay.start();
  console.log(`relay started (pid ${process.pid}) → ${relay.topics.jobExecutions}, ${relay.topics.jobs}`);
  const stop = async () => {
    await relay.stop();
    await pool.end();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error('relay failed to start:', error instanceof Error ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
