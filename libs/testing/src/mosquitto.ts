import { freePort } from './free-port.js';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pollUntil } from './poll.js';

/** The shipped broker configuration (this file runs from dist/libs/testing/src/). */
const DEPLOY_DIR = fileURLToPath(new URL('../../../../deploy/mosquitto', import.meta.url));

export interface PrivateMosquittoOptions {
  /** Broker users and their passwords: the service's user and one per device (user name = thing name). */
  users: Record<string, string>;
}

export interface PrivateMosquitto {
  /** `mqtt://127.0.0.1:<port>` */
  url: string;
  host: string;
  port: number;
  /** Stops the broker process (SIGTERM) and waits for it to exit; `start()` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** What the broker has logged so far (connections, refusals): for failure messages. */
  log(): string;
  /** Stops it for good and removes its files. */
  close(): Promise<void>;
}

/**
 * A Mosquitto broker of the test's own, on a free port, running the project's configuration
 * (deploy/mosquitto) with only the listener, the password file, the ACL path and the persistence
 * folder rewritten: tests exercise the shipped ACL, and never share a broker with another run.
 */
export async function startPrivateMosquitto(options: PrivateMosquittoOptions): Promise<PrivateMosquitto> {
  const dir = mkdtempSync(join(tmpdir(), 'iot-jobs-mosquitto-'));
  const port = await freePort();
  writePasswords(join(dir, 'passwords'), options.users);
  const configPath = join(dir, 'mosquitto.conf');
  writeFileSync(configPath, privateConfig(dir, port));
  let child: ChildProcess | undefined;
  let output = '';
  const start = async () => {
    child = spawn(mosquittoBinary(), ['-c', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = child;
    await pollUntil(
      async () => {
        if (started.exitCode !== null) throw new Error(`mosquitto exited (${started.exitCode}):\n${output}`);
        return (await accepts(port)) ? true : undefined;
      },
      { timeoutMs: 10_000, description: `mosquitto listening on ${port}` },
    );
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    stop,
    start,
    log: () => output,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function privateConfig(dir: string, port: number): string {
  const shipped = readFileSync(join(DEPLOY_DIR, 'mosquitto.conf'), 'utf8');
  const rewritten = shipped
    .split('\n')
    .map((line) => {
      if (/^listener\s/.test(line)) return `listener ${port} 127.0.0.1`;
      if (/^password_file\s/.test(line)) return `password_file ${join(dir, 'passwords')}`;
      if (/^acl_file\s/.test(line)) return `acl_file ${join(DEPLOY_DIR, 'acl')}`;
      if (/^persistence_location\s/.test(line)) return `persistence_location ${dir}/`;
      return line;
    })
    .join('\n');
  // Started as root, mosquitto would switch to the `mosquitto` user, who cannot read these files.
  const asRoot = process.getuid?.() === 0 ? '\nuser root\n' : '\n';
  return `${rewritten}${asRoot}`;
}

function writePasswords(file: string, users: Record<string, string>): void {
  writeFileSync(file, '', { mode: 0o600 });
  for (const [user, password] of Object.entries(users)) {
    const result = spawnSync(passwdBinary(), ['-b', file, user, password], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`mosquitto_passwd failed for ${user}: ${result.stderr || result.error}`);
  }
}

function mosquittoBinary(): string {
  return process.env.MOSQUITTO_BIN ?? findBinary('mosquitto', ['/usr/sbin/mosquitto', '/usr/local/sbin/mosquitto']);
}

function passwdBinary(): string {
  return findBinary('mosquitto_passwd', ['/usr/bin/mosquitto_passwd', '/usr/local/bin/mosquitto_passwd']);
}

function findBinary(name: string, candidates: string[]): string {
  const found = candidates.find((path) => existsSync(path));
  if (found) return found;
  if (spawnSync('which', [name]).status === 0) return name;
  throw new Error(`${name} not found: install Mosquitto (Debian: apt-get install mosquitto mosquitto-clients)`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
