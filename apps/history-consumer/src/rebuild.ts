import { ConfigError } from '#settings';
import { loadRebuildConfig } from './config.js';
import { rebuildAuditHistory } from './rebuild-history.js';

/**
 * `npm run history:rebuild`: rebuilds audit_history from the event store without stopping the
 * consumer. Progress on one rewritten terminal line (or every 10% when not a TTY), then a count.
 */
async function main(): Promise<void> {
  const config = loadRebuildConfig();
  const started = Date.now();
  let lastDecile = -1;
  const result = await rebuildAuditHistory({
    eventStoreUrl: config.EVENT_STORE_DATABASE_URL ?? config.DATABASE_URL,
    historyUrl: config.DATABASE_URL,
    context: { source: `//iot-jobs/${config.AWS_REGION}/${config.AWS_ACCOUNT_ID}`, region: config.AWS_REGION, accountId: config.AWS_ACCOUNT_ID },
    onProgress: (done, total) => {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (process.stderr.isTTY) {
        const filled = Math.round(percent / 5);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(20 - filled)}] ${percent}% ${done}/${total} events`);
      } else if (Math.floor(percent / 10) > lastDecile) {
        lastDecile = Math.floor(percent / 10);
        process.stderr.write(`rebuild: ${percent}% (${done}/${total})\n`);
      }
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\n');
  console.log(
    `audit history rebuilt: ${result.rebuilt} events from the store, ${result.carriedOver} newer rows carried over, in ${Date.now() - started} ms`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(error instanceof ConfigError ? 78 : 1);
});
