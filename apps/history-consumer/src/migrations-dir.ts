import { fileURLToPath } from 'node:url';

/** This app's SQL migrations (this file runs from dist/apps/history-consumer/src/). */
export const HISTORY_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../apps/history-consumer/migrations', import.meta.url));
