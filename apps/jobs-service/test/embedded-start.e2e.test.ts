import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancelJobExecutionCommand, CreateJobCommand, DescribeJobExecutionCommand, IoTClient } from '@aws-sdk/client-iot';
import { GetPendingJobExecutionsCommand, IoTJobsDataPlaneClient } from '@aws-sdk/client-iot-jobs-data-plane';
import { pollUntil } from '#testing';
import { DEVELOPMENT_PRINCIPAL } from '../src/config/development-defaults.js';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/**
 * The zero-configuration start: `node main.js` with no DATABASE_URL and no KAFKA_BROKERS, exactly
 * as `npm start` runs it on a fresh clone, driven with the official SDK clients.
 */
describe('zero-configuration start (embedded PGlite, Kafka paused)', () => {
  let child: ChildProcess;
  let stdout = '';
  let baseUrl = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'iot-jobs-embedded-'));

  before(async () => {
    // Only what a fresh shell has: no DATABASE_URL, KAFKA_BROKERS or AUTH_* from the test runner.
    child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', THING_TARGETS: 'any' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // The banner ends with the Kafka line; wait for all of it, not just the first line.
    await pollUntil(() => (/\n\s+Kafka: .*\n/.test(stdout) ? true : undefined), { timeoutMs: 60_000, description: 'the start-up banner' });
    baseUrl = /listening on (http:\/\/\S+)/.exec(stdout)![1]!;
  });

  after(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the endpoints, the development credentials and what is embedded', () => {
    assert.match(stdout, /data plane \(IoTJobsDataPlaneClient endpoint\):\s+http:\/\/\S+\/data-plane/);
    assert.ok(stdout.includes(DEVELOPMENT_PRINCIPAL.accessKeyId), 'development access key id printed');
    assert.ok(stdout.includes(`embedded PGlite in ${dataDir}`), 'embedded database and its folder printed');
    assert.match(stdout, /Kafka: publishing paused/);
  });

  it('creates a job and cancels an execution through the SDK clients', async () => {
    const common = { region: 'us-east-1', credentials: DEVELOPMENT_PRINCIPAL, maxAttempts: 1 };
    const cp = new IoTClient({ ...common, endpoint: baseUrl });
    const dp = new IoTJobsDataPlaneClient({ ...common, endpoint: `${baseUrl}/data-plane` });
    try {
      const thingName = 'embedded-thing';
      const jobId = 'embedded-job';
      const thingArn = `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`;
      await cp.send(new CreateJobCommand({ jobId, targets: [thingArn], document: '{"op":"reboot"}' }));
      const pending = await dp.send(new GetPendingJobExecutionsCommand({ thingName }));
      assert.deepEqual(
        pending.queuedJobs?.map((job) => job.jobId),
        [jobId],
      );
      await cp.send(new CancelJobExecutionCommand({ jobId, thingName }));
      const { execution } = await cp.send(new DescribeJobExecutionCommand({ jobId, thingName }));
      assert.equal(execution?.status, 'CANCELED');
    } finally {
      cp.destroy();
      dp.destroy();
    }
  });

  it('answers health and metrics without credentials, and counts the commands it ran', async () => {
    const ready = await fetch(`${baseUrl}/health/ready`);
    assert.equal(ready.status, 200);
    assert.equal(((await ready.json()) as { info: { database: { status: string } } }).info.database.status, 'up');
    const metrics = await (await fetch(`${baseUrl}/metrics`)).text();
    assert.match(metrics, /iot_jobs_http_request_duration_seconds_count\{plane="control-plane",operation="CancelJobExecution",status="200"\} 1/);
  });
});
