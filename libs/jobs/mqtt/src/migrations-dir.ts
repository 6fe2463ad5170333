import { fileURLToPath } from 'node:url';

/** The SQL migrations of the notifier's table (this file runs from dist/libs/jobs/mqtt/src/). */
export const MQTT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../../libs/jobs/mqtt/migrations', import.meta.url));
