/**
 * What the history consumer offers to code outside it: its settings schema (checked against the
 * documentation and the compose file) and the rebuild with its migrations (measured by the bench).
 */
export { historyConfigSchema } from './config.js';
export { HISTORY_MIGRATIONS_DIR } from './migrations-dir.js';
export { rebuildAuditHistory, type RebuildOptions, type RebuildResult } from './rebuild-history.js';
/** Starting the consumer in-process (the test launcher in libs/testing). */
export { loadHistoryConfig } from './config.js';
export { startHistoryConsumer, type RunningHistoryConsumer } from './history-app.js';
export type { RecordOutcome } from './history-writer.js';
