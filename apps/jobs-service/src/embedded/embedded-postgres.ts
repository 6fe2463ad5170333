import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PGlite (Postgres compiled to WebAssembly, in this process) persisted in a local folder and served
 * on a loopback port by its socket server, so the service reaches it through the same `pg` code
 * path as a real server. PGlite has one backend: the socket server queues protocol messages from
 * all connections and, while one connection is inside a transaction, serves only that connection.
 * So several pool connections work, but they take turns (no parallelism); notifications (LISTEN)
 * are not delivered across connections, which the event store tolerates because it also polls.
 */
export interface EmbeddedPostgres {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Enough for the service pool, the migration client and the relay's connections. */
const MAX_SOCKET_CONNECTIONS = 16;

export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const releaseLock = lockDataDir(dir);
  try {
    const db = await PGlite.create(join(dir, 'pgdata'));
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: MAX_SOCKET_CONNECTIONS });
    await server.start();
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      dataDir: dir,
      async close() {
        await server.stop();
        await db.close();
        releaseLock();
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * Two processes opening the same PGlite folder would corrupt it (it has no lock of its own), so
 * the folder holds the owner's pid; a lock left by a process that is gone is taken over.
 */
function lockDataDir(dir: string): () => void {
  const lockFile = join(dir, 'embedded.pid');
  const owner = readOwner(lockFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(`${dir} is in use by process ${owner}; stop it or choose another DATA_DIR`);
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
