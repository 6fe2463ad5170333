import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/ (this file runs from dist/bench/src/support/). */
export const DIST_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The node options the service's processes are deployed with: the image's `NODE_OPTIONS`
 * (Dockerfile) and the npm scripts that start them (ADR 11). bench/test/deployed-node-options.test.ts
 * keeps them the same.
 */
export const DEPLOYED_NODE_OPTIONS = '--max-old-space-size=1536';

import { freePort } from '#testing';

export { freePort };

export interface ServerProcess {
  url: string;
  pid: number;
  /** Peak resident set size so far, in MB (the kernel's VmHWM: it sees peaks between our reads). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * Runs a server script in its own process, so that the load generator's CPU and memory are not
 * counted as the server's and the server's event loop serves requests only.
 */
export async function startServerProcess(script: string, env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...args, script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilListening(url, () => (child.exitCode === null ? undefined : stderr), script);
  return { url, pid: child.pid!, peakRssMb: () => peakRssMb(child.pid!), stop: () => stopChild(child) };
}

/** Polls until the server answers any HTTP request; fails at once if the process died. */
async function waitUntilListening(url: string, exitedWith: () => string | undefined, script: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const stderr = exitedWith();
    if (stderr !== undefined) throw new Error(`${script} exited before listening:\n${stderr}`);
    if (await answers(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${script} did not listen on ${url} within 60 s`);
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/__bench_probe`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The standalone relay (dist/apps/jobs-service/src/relay-main.js) publishing `databaseUrl`'s log
 * to the topics under `topicPrefix`; resolves once it has started.
 */
export async function startRelayProcess(databaseUrl: string, brokers: string[], topicPrefix: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [join(DIST_DIR, 'apps', 'jobs-service', 'src', 'relay-main.js')], {
    env: {
      ...process.env,
      NODE_OPTIONS: DEPLOYED_NODE_OPTIONS,
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: topicPrefix,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('relay started')) resolve();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`relay-main exited with ${code} before starting:\n${output}`)));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    await started;
  } finally {
    clearTimeout(timer);
  }
  return { stop: () => stopChild(child) };
}

export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
