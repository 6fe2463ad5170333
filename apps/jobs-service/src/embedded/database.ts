import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';

/** Connections to PGlite take turns anyway; a few avoid waits on a held client without adding load. */
export const EMBEDDED_POOL_SIZE = 4;

export interface ServiceDatabase {
  url: string;
  poolSize: number;
  /** Present when the service runs its own embedded database (DATABASE_URL unset). */
  embedded?: EmbeddedPostgres;
}

/** DATABASE_URL when given; otherwise an embedded PGlite under DATA_DIR. */
export async function openServiceDatabase(config: AppConfig): Promise<ServiceDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE };
  const embedded = await startEmbeddedPostgres(config.DATA_DIR);
  return { url: embedded.url, poolSize: Math.min(config.DATABASE_POOL_SIZE, EMBEDDED_POOL_SIZE), embedded };
}
