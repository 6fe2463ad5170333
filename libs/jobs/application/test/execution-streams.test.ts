import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore, PostgresEventStore } from '#event-store';
import { ExecutionStreams, SystemClock } from '#jobs/application';
import { DomainError, type JobExecutionCommand } from '#jobs/domain';
import { EventStoreAdapter, jobsInlineProjection, READ_MODEL_MIGRATIONS_DIR } from '#jobs/read-models';
import { freshDatabase } from '#testing';

/** The store port, counting the reads a command makes. */
class CountingPort extends EventStoreAdapter {
  reads = 0;
  override readSnapshotAndTail(streamId: string, schemaVersion: number) {
    this.reads += 1;
    return super.readSnapshotAndTail(streamId, schemaVersion);
  }
}

const JOB = 'kept-state-job';
const now = () => new Date();
const queue = (thingName: string): JobExecutionCommand => ({
  type: 'QueueJobExecution',
  data: {
    jobId: JOB,
    thingName,
    thingArn: `arn:aws:iot:us-east-1:123456789012:thing/${thingName}`,
    reason: 'ROLLOUT',
    actor: 'operator',
    now: now(),
  },
});
const start: JobExecutionCommand = { type: 'StartJobExecution', data: { actor: 'device', now: now() } };
const cancel = (force: boolean, expectedVersion?: number): JobExecutionCommand => ({
  type: 'CancelJobExecution',
  data: { actor: 'operator', now: now(), force, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
});

/**
 * ExecutionStreams keeps the state its last write left, so the next command on the stream needs no
 * read; another process (here: a second ExecutionStreams) may have written since, and then every
 * answer must still be the one a fresh read gives.
 */
describe('ExecutionStreams with the state of its last write', async () => {
  const db = await freshDatabase('app_kept_state');
  let pool: pg.Pool;
  let port: CountingPort;
  let here: ExecutionStreams;
  let elsewhere: ExecutionStreams;

  before(async () => {
    await migrateEventStore(db.url, [READ_MODEL_MIGRATIONS_DIR]);
    pool = new pg.Pool({ connectionString: db.url, max: 4 });
    const store = new PostgresEventStore(pool, { inlineProjections: [jobsInlineProjection] });
    port = new CountingPort(store);
    here = new ExecutionStreams(port, new SystemClock());
    elsewhere = new ExecutionStreams(new EventStoreAdapter(store), new SystemClock());
  });
  after(async () => {
    await pool.end();
    await db.drop();
  });

  it('decides the next command on the kept state, without reading the stream', async () => {
    await here.execute(JOB, 'thing-1', queue('thing-1'));
    const reads = port.reads;
    const [canceled] = await here.execute(JOB, 'thing-1', cancel(false));
    assert.equal(canceled?.type, 'JobExecutionCanceled');
    assert.equal(port.reads, reads);
  });

  it('gives the fresh answer when another process moved the stream on (conflict on the kept version)', async () => {
    await here.execute(JOB, 'thing-2', queue('thing-2'));
    await elsewhere.execute(JOB, 'thing-2', start);
    // Kept: QUEUED, so a non-forced cancel looks allowed; stored: IN_PROGRESS, which needs force.
    await assert.rejects(here.execute(JOB, 'thing-2', cancel(false)), (e) => e instanceof DomainError && e.code === 'InvalidStateTransition');
    const [canceled] = await here.execute(JOB, 'thing-2', cancel(true));
    assert.equal((canceled?.data as { previousStatus?: string } | undefined)?.previousStatus, 'IN_PROGRESS');
  });

  it('decides again on the stored stream when the kept state refuses a command', async () => {
    await here.execute(JOB, 'thing-3', queue('thing-3'));
    await elsewhere.execute(JOB, 'thing-3', start);
    // The execution's versionNumber is now 2 in the store but 1 in the kept state.
    const [canceled] = await here.execute(JOB, 'thing-3', cancel(true, 2));
    assert.equal(canceled?.type, 'JobExecutionCanceled');
  });

  it('remembers states written in bulk through `committed`', async () => {
    const loaded = await here.load(JOB, 'thing-4');
    const { write, state } = here.plan(loaded, queue('thing-4'));
    await port.appendMany([write!]);
    here.committed(write!, state);
    const reads = port.reads;
    await here.execute(JOB, 'thing-4', cancel(false));
    assert.equal(port.reads, reads);
  });
});
