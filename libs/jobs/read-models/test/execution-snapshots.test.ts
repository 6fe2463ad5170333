import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore, PostgresEventStore, readStream } from '#event-store';
import { ExecutionStreams, SystemClock } from '#jobs/application';
import { foldEvents, jobExecutionDecider, type JobExecutionCommand, type JobExecutionEvent, type JobExecutionState } from '#jobs/domain';
import { EventStoreAdapter, EXECUTION_SNAPSHOT_INTERVAL, jobsInlineProjection, READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { freshDatabase } from '#testing';

/** A member set to undefined and an absent member mean the same to the decider; JSON keeps only the latter. */
function withoutUndefined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUndefined);
  if (value instanceof Date || value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, withoutUndefined(v)]),
  );
}

const JOB = 'snap-job';
const T0 = Date.parse('2026-01-01T00:00:00Z');

function command(i: number): JobExecutionCommand {
  const now = new Date(T0 + i * 1000);
  if (i === 0) return { type: 'QueueJobExecution', data: { jobId: JOB, thingName: '', thingArn: '', reason: 'ROLLOUT', actor: 't', now } };
  if (i === 1) return { type: 'StartJobExecution', data: { actor: 'd', now, stepTimeoutInMinutes: 5 } };
  return { type: 'UpdateJobExecution', data: { status: 'IN_PROGRESS', statusDetails: { step: String(i) }, actor: 'd', now } };
}

describe('execution stream snapshots', async () => {
  let pool: pg.Pool;
  let store: PostgresEventStore;
  let executions: ExecutionStreams;
  const db = await freshDatabase('rm_snapshots');

  before(async () => {
    await migrateEventStore(db.url, [READ_MODEL_MIGRATIONS_DIR]);
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    store = new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection] });
    executions = new ExecutionStreams(new EventStoreAdapter(store), new SystemClock());
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  /** Appends `count` more events to the thing's stream, decided on the loaded state, in batches of `batch`. */
  async function grow(thingName: string, count: number, batch: number): Promise<void> {
    let written = 0;
    while (written < count) {
      const loaded = await executions.load(JOB, thingName);
      const n = Math.min(batch, count - written);
      const commands = Array.from({ length: n }, (_, k) => {
        const c = command(loaded.version + k);
        return c.type === 'QueueJobExecution' ? { ...c, data: { ...c.data, thingName, thingArn: `arn:${thingName}` } } : c;
      });
      const { write } = executions.plan(loaded, ...commands);
      await store.appendMany([write!]);
      written += n;
    }
  }

  async function wholeFold(thingName: string): Promise<{ state: JobExecutionState; version: number }> {
    const events = await readStream(pool, `job-execution/${JOB}/${thingName}`);
    return {
      state: foldEvents(
        jobExecutionDecider,
        events.map((e) => ({ type: e.type, data: e.data }) as unknown as JobExecutionEvent),
      ),
      version: events.at(-1)?.streamVersion ?? 0,
    };
  }

  async function snapshotVersion(thingName: string): Promise<number | undefined> {
    const { rows } = await pool.query<{ v: string }>('SELECT stream_version AS v FROM es_snapshots WHERE stream_id = $1', [
      `job-execution/${JOB}/${thingName}`,
    ]);
    return rows[0] ? Number(rows[0].v) : undefined;
  }

  it('a stream crossing the interval gets a snapshot, and loading from it equals folding everything', async () => {
    for (const [thing, batch] of [
      ['one-by-one', 1],
      ['in-sevens', 7],
      ['in-one-go', 130],
    ] as const) {
      await grow(thing, 2 * EXECUTION_SNAPSHOT_INTERVAL + 13, batch);
      const snapshotAt = await snapshotVersion(thing);
      assert.ok(snapshotAt !== undefined && snapshotAt >= 2 * EXECUTION_SNAPSHOT_INTERVAL, `${thing}: snapshot at ${snapshotAt}`);
      const loaded = await executions.load(JOB, thing);
      const expected = await wholeFold(thing);
      assert.equal(loaded.version, expected.version);
      assert.deepEqual(withoutUndefined(loaded.state), withoutUndefined(expected.state), thing);
    }
  });

  it('a short stream gets no snapshot', async () => {
    await grow('short', EXECUTION_SNAPSHOT_INTERVAL - 1, 3);
    assert.equal(await snapshotVersion('short'), undefined);
  });

  it('a snapshot of another schema version is ignored and replaced by the next one', async () => {
    const thing = 'stale';
    await grow(thing, EXECUTION_SNAPSHOT_INTERVAL + 2, 4);
    await pool.query(`UPDATE es_snapshots SET schema_version = 0, state = '{"garbage":true}' WHERE stream_id = $1`, [
      `job-execution/${JOB}/${thing}`,
    ]);
    assert.deepEqual(withoutUndefined((await executions.load(JOB, thing)).state), withoutUndefined((await wholeFold(thing)).state));
    await grow(thing, EXECUTION_SNAPSHOT_INTERVAL, 5);
    const { rows } = await pool.query<{ schema_version: number }>('SELECT schema_version FROM es_snapshots WHERE stream_id = $1', [
      `job-execution/${JOB}/${thing}`,
    ]);
    assert.notEqual(rows[0]!.schema_version, 0);
    assert.deepEqual(withoutUndefined((await executions.load(JOB, thing)).state), withoutUndefined((await wholeFold(thing)).state));
  });
});
