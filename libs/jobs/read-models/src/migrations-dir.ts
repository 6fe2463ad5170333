import { fileURLToPath } from 'node:url';

/** The SQL migrations of these views (this file runs from dist/libs/jobs/read-models/src/). */
export const READ_MODEL_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../../libs/jobs/read-models/migrations', import.meta.url));
