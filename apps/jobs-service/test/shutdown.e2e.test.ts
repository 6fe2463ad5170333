import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CreateJobCommand, IoTClient } from '@aws-sdk/client-iot';
import pg from 'pg';
import { freshDatabase, OPERATOR, pollUntil, principalsSetting, REGION, type TestDatabase, thingArn } from '#testing';

const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/** SIGTERM lets in-flight requests finish, refuses new connections, and exits 0. */
describe('shutdown on SIGTERM', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let output = '';

  before(async () => {
    db = await freshDatabase('shutdown');
    child = spawn(process.execPath, [MAIN], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        PORT: '0',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
        AUTH_PRINCIPALS: principalsSetting(),
        THING_TARGETS: 'any',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  });
  after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    await db.drop();
  });

  it('drains the in-flight request and exits 0', async () => {
    const url = await pollUntil(() => /listening on (http:\/\/\S+)/.exec(output)?.[1], { timeoutMs: 60_000, description: 'the service to start' });
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const locker = new pg.Client({ connectionString: db.url });
    await locker.connect();
    const cp = new IoTClient({ region: REGION, endpoint: url, credentials: OPERATOR, maxAttempts: 1 });
    try {
      // A first request proves the service is fully ready before the tables are locked.
      await cp.send(new CreateJobCommand({ jobId: 'warm-up-job', targets: [thingArn('drained-thing')], document: '{}' }));
      // Hold the event tables so a CreateJob stays in flight for as long as the test wants.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE es_streams, es_events IN ACCESS EXCLUSIVE MODE');
      const inFlight = cp.send(new CreateJobCommand({ jobId: 'drained-job', targets: [thingArn('drained-thing')], document: '{}' }));
      inFlight.catch(() => undefined);
      await pollUntil(
        async () => {
          const { rows } = await locker.query(
            `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`,
          );
          return rows.length > 0 ? true : undefined;
        },
        { description: 'the CreateJob to wait on the lock' },
      );
      child.kill('SIGTERM');
      await pollUntil(
        () =>
          fetch(url).then(
            () => undefined,
            () => true,
          ),
        { description: 'the listener to close' },
      );
      assert.equal(child.exitCode, null, 'still running while a request is in flight');

      await locker.query('COMMIT');
      const created = await inFlight;
      assert.equal(created.jobId, 'drained-job');
      assert.deepEqual(await exit, { code: 0, signal: null });
      const { rows } = await locker.query(`SELECT count(*)::int AS n FROM es_events WHERE stream_id = 'job/drained-job'`);
      assert.equal(rows[0].n, 1, 'the drained request was committed');
    } finally {
      cp.destroy();
      await locker.end();
    }
  });
});
