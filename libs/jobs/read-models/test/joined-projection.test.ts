import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore, PostgresEventStore } from '#event-store';
import { ExecutionStreams, SystemClock } from '#jobs/application';
import type { JobExecutionCommand } from '#jobs/domain';
import { EventStoreAdapter, EXECUTION_SNAPSHOT_INTERVAL, jobsInlineProjection, READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { freshDatabase } from '#testing';

const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (second: number) => new Date(T0 + second * 1000);

/** Each lifecycle after QueueJobExecution: every command becomes one event on an existing stream. */
const LIFECYCLES: Record<string, JobExecutionCommand[]> = {
  'force-canceled while in progress': [
    { type: 'StartJobExecution', data: { actor: 'device', now: at(1), stepTimeoutInMinutes: 5, statusDetails: { step: 'download' } } },
    {
      type: 'UpdateJobExecution',
      data: { actor: 'device', now: at(2), status: 'IN_PROGRESS', statusDetails: { step: 'install' }, stepTimeoutInMinutes: -1 },
    },
    { type: 'CancelJobExecution', data: { actor: 'operator', now: at(3), force: true, statusDetails: { why: 'recall' } } },
  ],
  succeeded: [
    { type: 'StartJobExecution', data: { actor: 'device', now: at(1) } },
    { type: 'UpdateJobExecution', data: { actor: 'device', now: at(4), status: 'SUCCEEDED', statusDetails: { done: 'yes' } } },
  ],
  'canceled while queued': [{ type: 'CancelJobExecution', data: { actor: 'operator', now: at(5), force: false } }],
};

/**
 * The jobs projection joined to the append statement (the path of a single-event command) must
 * leave job_execution_view exactly as its transactional `apply` does.
 */
describe('jobs projection inside the append statement', async () => {
  const db = await freshDatabase('rm_joined');
  let pool: pg.Pool;
  let joined: ExecutionStreams;
  let applied: ExecutionStreams;

  before(async () => {
    await migrateEventStore(db.url, [READ_MODEL_MIGRATIONS_DIR]);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    joined = new ExecutionStreams(
      new EventStoreAdapter(new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection] })),
      new SystemClock(),
    );
    const transactionalOnly = { ...jobsInlineProjection, inAppendStatement: undefined };
    applied = new ExecutionStreams(
      new EventStoreAdapter(new PostgresEventStore(pool, { inlineProjections: [transactionalOnly] })),
      new SystemClock(),
    );
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  async function run(executions: ExecutionStreams, jobId: string, commands: JobExecutionCommand[], thingName = 'thing-1'): Promise<void> {
    await queue(executions, jobId, thingName);
    for (const command of commands) assert.equal((await executions.execute(jobId, thingName, command)).length, 1, command.type);
  }

  async function queue(executions: ExecutionStreams, jobId: string, thingName: string): Promise<void> {
    await executions.execute(jobId, thingName, {
      type: 'QueueJobExecution',
      data: { jobId, thingName, thingArn: `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`, reason: 'ROLLOUT', actor: 'operator', now: at(0) },
    });
  }

  async function viewRow(jobId: string, thingName = 'thing-1'): Promise<Record<string, unknown>> {
    const { rows } = await pool.query('SELECT * FROM job_execution_view WHERE job_id = $1 AND thing_name = $2', [jobId, thingName]);
    assert.equal(rows.length, 1);
    // seq is the row's insertion serial: it differs between the two jobs by construction.
    const { job_id: _jobId, seq: _seq, ...row } = rows[0] as Record<string, unknown>;
    return row;
  }

  for (const [name, commands] of Object.entries(LIFECYCLES)) {
    it(`gives the same execution row as the transactional path: ${name}`, async () => {
      const slug = name.replaceAll(' ', '-');
      await run(joined, `joined-${slug}`, commands);
      await run(applied, `applied-${slug}`, commands);
      const row = await viewRow(`joined-${slug}`);
      assert.deepEqual(row, await viewRow(`applied-${slug}`));
      assert.equal(row.stream_version, String(commands.length + 1), 'every event reached the row');
    });
  }

  it('gives the same rows when the commands of several executions share one statement', async () => {
    const lifecycles = Object.values(LIFECYCLES);
    const things = lifecycles.map((_, i) => `thing-${i + 1}`);
    await Promise.all(things.map((thing) => queue(joined, 'joined-together', thing)));
    // Step by step, every execution's next command at once: their appends share statements.
    for (let step = 0; step < Math.max(...lifecycles.map((l) => l.length)); step++) {
      await Promise.all(
        lifecycles.map((commands, i) => (commands[step] ? joined.execute('joined-together', things[i]!, commands[step]!) : undefined)),
      );
    }
    for (const [i, commands] of lifecycles.entries()) await run(applied, 'applied-apart', commands, things[i]!);

    for (const thing of things) assert.deepEqual(await viewRow('joined-together', thing), await viewRow('applied-apart', thing), thing);
    const { rows } = await pool.query<{ n: string }>(
      `SELECT count(DISTINCT transaction_id) AS n FROM es_events WHERE stream_id LIKE 'job-execution/joined-together/%' AND stream_version = 2`,
    );
    assert.equal(rows[0]!.n, '1', 'the first commands of all executions were one statement');
  });

  it('still snapshots a stream that reaches the interval one event at a time', async () => {
    const jobId = 'joined-snapshot';
    const updates = Array.from(
      { length: EXECUTION_SNAPSHOT_INTERVAL },
      (_, i): JobExecutionCommand =>
        i === 0
          ? { type: 'StartJobExecution', data: { actor: 'device', now: at(1) } }
          : { type: 'UpdateJobExecution', data: { actor: 'device', now: at(1 + i), status: 'IN_PROGRESS', statusDetails: { step: String(i) } } },
    );
    await run(joined, jobId, updates);
    const { rows } = await pool.query<{ v: string }>('SELECT stream_version AS v FROM es_snapshots WHERE stream_id = $1', [
      `job-execution/${jobId}/thing-1`,
    ]);
    assert.equal(rows[0]?.v, String(EXECUTION_SNAPSHOT_INTERVAL));
  });
});
