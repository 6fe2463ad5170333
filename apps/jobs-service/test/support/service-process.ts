import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IoTClient } from '@aws-sdk/client-iot';
import { IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import { OPERATOR, REGION, pollUntil } from '#testing';

const MAIN = fileURLToPath(new URL('../../src/main.js', import.meta.url));

/** The service as its own process, so a test can SIGKILL it the way a crash would end it. */
export interface ServiceProcess {
  url: string;
  pid: number;
  cp: IoTClient;
  dp: IoTJobsDataPlaneClient;
  /** Ends the process with `signal` and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServiceProcess(env: Record<string, string>): Promise<ServiceProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'test', THING_TARGETS: 'any', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await pollUntil(
    () => {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
      return /listening on (http:\/\/\S+)/.exec(output)?.[1];
    },
    { timeoutMs: 60_000, description: 'the service process to start' },
  );
  const common = { region: REGION, credentials: { ...OPERATOR }, maxAttempts: 1 };
  const cp = new IoTClient({ ...common, endpoint: url });
  const dp = new IoTJobsDataPlaneClient({ ...common, endpoint: `${url}/data-plane` });
  return {
    url,
    pid: child.pid!,
    cp,
    dp,
    async kill(signal = 'SIGKILL') {
      cp.destroy();
      dp.destroy();
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
