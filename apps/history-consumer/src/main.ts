import 'reflect-metadata';
import { ConfigError } from '#settings';
import { loadHistoryConfig } from './config.js';
import { startHistoryConsumer } from './history-app.js';

/** Process entry of the audit-history consumer. */
async function main(): Promise<void> {
  const config = loadHistoryConfig();
  if (config.AUTH_MODE === 'disabled') {
    console.warn('WARNING: AUTH_MODE=disabled. The audit history is readable by anyone who can reach this port (local development only).');
  }
  const consumer = await startHistoryConsumer(config);
  console.log(`iot-jobs history consumer (group ${config.KAFKA_GROUP_ID}) serving ${consumer.url}/history`);
  const stop = async () => {
    await consumer.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
