import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pollUntil } from '../poll.js';

const run = promisify(execFile);
// This file runs from dist/libs/testing/src/services/; the repository root is five levels up.
const REPO = fileURLToPath(new URL('../../../../../', import.meta.url));

/**
 * A private Kafka broker for a test that must stop and restart it without disturbing the shared
 * one: started by scripts/kafka/start.sh in its own state dir (reusing the cached jars), stopped
 * with SIGTERM (controlled shutdown) and relaunched with the same command line, so its data, topics
 * and committed offsets survive the restart.
 */
export class OwnBroker {
  private pid = 0;
  private argv: string[] = [];
  private readonly stateDir = mkdtempSync(join(tmpdir(), 'own-kafka-'));
  brokers = '';

  async start(): Promise<void> {
    // Ports the OS hands out, outside the range start.sh scans from 19092: while this broker is
    // stopped, another run's start.sh must not find its port free and take it.
    const [port, controllerPort] = [await ephemeralPort(), await ephemeralPort()];
    const { stdout } = await run(join(REPO, 'scripts/kafka/start.sh'), [], {
      env: {
        ...process.env,
        KAFKA_STATE_DIR: this.stateDir,
        KAFKA_LIBS_DIR: join(REPO, '.kafka/libs'),
        KAFKA_HEAP: '384m',
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(controllerPort),
      },
    });
    this.brokers = /KAFKA_BROKERS=(\S+)/.exec(stdout)![1]!;
    this.pid = Number(readFileSync(join(this.stateDir, 'broker.pid'), 'utf8').trim());
    this.argv = readFileSync(`/proc/${this.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  }

  async stop(): Promise<void> {
    process.kill(this.pid, 'SIGTERM');
    await pollUntil(() => (isAlive(this.pid) ? undefined : true), { description: 'broker exited', timeoutMs: 30_000, intervalMs: 100 });
  }

  /** Same command line, same data directory. */
  async restart(): Promise<void> {
    const child = spawn(this.argv[0]!, this.argv.slice(1), { detached: true, stdio: 'ignore' });
    child.unref();
    this.pid = child.pid!;
    const port = Number(this.brokers.split(':')[1]);
    await pollUntil(() => portOpen(port), { description: 'restarted broker accepts connections', timeoutMs: 60_000, intervalMs: 200 });
  }

  async destroy(): Promise<void> {
    if (this.pid && isAlive(this.pid)) {
      process.kill(this.pid, 'SIGKILL');
      await pollUntil(() => (isAlive(this.pid) ? undefined : true), { timeoutMs: 10_000 });
    }
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    // A zombie has an empty cmdline: it is gone for our purposes.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
  } catch {
    return false;
  }
}

async function portOpen(port: number): Promise<true | undefined> {
  const { Socket } = await import('node:net');
  return new Promise((resolve) => {
    const socket = new Socket();
    const settle = (open: true | undefined) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => settle(true));
    socket.once('error', () => settle(undefined));
    socket.connect(port, '127.0.0.1');
  });
}
