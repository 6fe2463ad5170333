import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import pg from 'pg';
import { migrateEventStore, readAll, START_OF_ALL } from '#event-store';
import { isJobExecutionStream, isJobStream, isJobTemplateStream, isThingGroupStream, isThingStream, type SourceEvent } from '#messaging';
import { freshDatabase, pollUntil } from '#testing';
import { AUDIT_COLUMNS, auditRowOf, copyAuditRows, historyPayloadOf, type AuditRow } from '../src/audit-row.js';
import { IN_CONTRACT, SQL_EXACT } from '../src/audit-row-sql.js';
import { copyStoreInServer } from '../src/in-server-rebuild.js';
import { HISTORY_MIGRATIONS_DIR } from '../src/migrations-dir.js';
import { rebuildAuditHistory } from '../src/rebuild-history.js';
import { CONTEXT, contractFixtures, insertEvents, queuedFixtures, type FixtureEvent } from './rebuild-fixtures.js';

describe('rebuild inside Postgres (event store and history in one database)', () => {
  it('builds exactly the rows the JS contract builds, column by column, payload compared as jsonb', async () => {
    const fixtures = contractFixtures();
    const db = await migratedStore(fixtures);
    await emptyAuditTable(db.pool, 'audit_js');
    await emptyAuditTable(db.pool, 'audit_sql');
    await copyAuditRows(db.pool, 'audit_js', await rowsByTheJsContract(db.pool));

    const read = await copyStoreInServer(db.pool, 'audit_sql', { context: CONTEXT, eventsPerChunk: 1_000 });

    assert.equal(read, fixtures.length);
    const inContract = fixtures.filter(
      (e) =>
        isJobStream(e.streamId) ||
        isJobExecutionStream(e.streamId) ||
        isThingStream(e.streamId) ||
        isThingGroupStream(e.streamId) ||
        isJobTemplateStream(e.streamId),
    ).length;
    assert.equal(inContract, fixtures.length - 1);
    assert.ok(fixtures.filter((e) => isThingStream(e.streamId) || isThingGroupStream(e.streamId)).length >= 12);
    assert.ok(fixtures.filter((e) => isJobTemplateStream(e.streamId)).length >= 7);
    assert.equal(await count(db.pool, 'audit_sql'), inContract);
    assert.equal(await count(db.pool, 'audit_js'), inContract);
    assert.deepEqual(await differences(db.pool, 'audit_js', 'audit_sql'), []);
  });

  it('writes the documented payload fields (spot check of one execution event)', async () => {
    const fixtures = contractFixtures();
    const deleted = fixtures.find((e) => e.type === 'JobExecutionDeleted')!;
    const db = await migratedStore(fixtures);
    await emptyAuditTable(db.pool, 'audit_sql');
    await copyStoreInServer(db.pool, 'audit_sql', { context: CONTEXT, eventsPerChunk: 1_000 });

    const { rows } = await db.pool.query('SELECT * FROM audit_sql WHERE event_id = $1', [deleted.eventId]);
    const row = rows[0];
    assert.equal(row.kind, 'job-execution');
    assert.equal(row.thing_name, 'thing-a');
    assert.equal(row.execution_number, 1);
    assert.equal(row.actor, 'bob');
    // 23:59:59.888888 at -05 is 04:59:59.888 UTC the next day: truncated, as toISOString does.
    assert.equal(row.payload.timestamp, '2026-03-10T04:59:59.888Z');
    assert.equal(row.occurred_at.toISOString(), '2026-03-10T04:59:59.888Z');
    assert.equal(row.payload.operation, 'removed');
    assert.equal(row.payload.thingArn, 'arn:aws:iot:eu-west-1:210987654321:thing/thing-a');
    assert.equal(row.payload.statusDetails, null);
    assert.equal(row.payload.force, false);
    assert.equal(row.payload.globalPosition, String(row.global_position));
    assert.deepEqual(row.payload.data, JSON.parse(deleted.data));
  });

  it('writes the documented row of a membership change and of a group event (spot check)', async () => {
    const fixtures = contractFixtures();
    const changed = fixtures.find((e) => e.type === 'ThingGroupMembershipChanged')!;
    const groupCreated = fixtures.find((e) => e.type === 'ThingGroupCreated' && e.exact)!;
    const db = await migratedStore(fixtures);
    await emptyAuditTable(db.pool, 'audit_sql');
    await copyStoreInServer(db.pool, 'audit_sql', { context: CONTEXT, eventsPerChunk: 1_000 });

    const { rows } = await db.pool.query('SELECT * FROM audit_sql WHERE event_id = ANY($1::uuid[]) ORDER BY global_position', [
      [changed.eventId, groupCreated.eventId],
    ]);
    const [membership, group] = rows;
    assert.equal(membership.kind, 'thing');
    assert.equal(membership.job_id, null);
    assert.equal(membership.thing_name, 'thing-a');
    assert.equal(membership.execution_number, null);
    assert.equal(membership.status, null);
    assert.equal(membership.payload.operation, 'membershipChanged');
    assert.equal(membership.payload.thingId, 'id-thing-a');
    assert.equal(membership.payload.jobId, undefined);
    assert.deepEqual(membership.payload.data, JSON.parse(changed.data));
    assert.equal(group.kind, 'thing-group');
    assert.equal(group.thing_name, null);
    assert.equal(group.actor, 'dave');
    assert.equal(group.payload.thingGroupName, 'group-a');
    assert.equal(group.payload.operation, 'created');
    // 10:00:00.123456 at +02 is 08:00:00.123 UTC.
    assert.equal(group.payload.timestamp, '2026-04-01T08:00:00.123Z');
    assert.equal(group.payload.thingName, undefined);
  });

  it('writes the documented row of a job-template event (spot check)', async () => {
    const fixtures = contractFixtures();
    const tagged = fixtures.find((e) => e.type === 'JobTemplateTagged')!;
    const db = await migratedStore(fixtures);
    await emptyAuditTable(db.pool, 'audit_sql');
    await copyStoreInServer(db.pool, 'audit_sql', { context: CONTEXT, eventsPerChunk: 1_000 });

    const { rows } = await db.pool.query('SELECT * FROM audit_sql WHERE event_id = $1', [tagged.eventId]);
    const row = rows[0];
    assert.equal(row.kind, 'job-template');
    assert.equal(row.stream_id, 'job-template/tpl-a');
    assert.equal(row.job_id, null);
    assert.equal(row.thing_name, null);
    assert.equal(row.execution_number, null);
    assert.equal(row.actor, 'erin');
    assert.equal(row.payload.jobTemplateId, 'tpl-a');
    assert.equal(row.payload.operation, 'tagged');
    assert.equal(row.payload.jobId, undefined);
    assert.deepEqual(row.payload.data, JSON.parse(tagged.data));
  });

  it('maps the usual event shapes in SQL and leaves only the odd ones to the JS contract', async () => {
    const fixtures = contractFixtures();
    const db = await migratedStore(fixtures);
    const { rows } = await db.pool.query<{ event_id: string }>(
      `SELECT e.event_id::text AS event_id FROM es_events e WHERE ${IN_CONTRACT} AND NOT ${SQL_EXACT}`,
    );
    const odd = fixtures.filter((e) => !e.exact).map((e) => e.eventId);
    assert.ok(odd.length >= 12);
    assert.deepEqual(rows.map((r) => r.event_id).sort(), odd.sort());
  });

  it('rebuildAuditHistory with one URL swaps in the rows the consumer had, in chunks, with the indexes', async () => {
    const fixtures = [...contractFixtures(), ...queuedFixtures(3_000)];
    const db = await migratedStore(fixtures);
    await copyAuditRows(db.pool, 'audit_history', await rowsByTheJsContract(db.pool));
    // An event written before the rebuild starts and committed while it runs, projected by the
    // consumer at once (here in the same transaction, whose lock holds the swap until the commit):
    // the copy cannot have it, so the swap must carry its row over.
    const late = queuedFixtures(3_001).at(-1)!;
    const writer = await db.pool.connect();
    await writer.query('BEGIN');
    await insertEvents(writer, [late]);
    await copyAuditRows(
      writer,
      'audit_history',
      (await rowsByTheJsContract(writer)).filter((row) => row.event_id === late.eventId),
    );
    const indexesBefore = await indexShapes(db.pool);
    const progress: number[] = [];

    const rebuilding = rebuildAuditHistory({
      eventStoreUrl: db.url,
      historyUrl: db.url,
      context: CONTEXT,
      batchSize: 500,
      onProgress: (done) => progress.push(done),
    });
    await pollUntil(() => swapWaitsForTheLiveTable(db.pool), { description: 'the swap waiting for the live table' });
    await writer.query('COMMIT');
    writer.release();
    const result = await rebuilding;

    assert.deepEqual(result, { rebuilt: fixtures.length, carriedOver: 1 });
    assert.ok(progress.length > 4, `progress reported ${progress.length} times`);
    assert.equal(progress.at(-1), fixtures.length);
    assert.ok(
      progress.every((done, i) => i === 0 || done > progress[i - 1]!),
      'progress only moves forward',
    );
    await emptyAuditTable(db.pool, 'audit_expected');
    await copyAuditRows(db.pool, 'audit_expected', await rowsByTheJsContract(db.pool));
    assert.equal(await count(db.pool, 'audit_expected'), await count(db.pool, 'audit_history'));
    assert.deepEqual(await differences(db.pool, 'audit_expected', 'audit_history'), []);
    assert.deepEqual(await indexShapes(db.pool), indexesBefore);
    assert.equal(indexesBefore.length, 5);
  });

  it('carries over only rows of events that may have committed after the copy began, not the whole live table', async () => {
    const db = await migratedStore([...contractFixtures(), ...queuedFixtures(100)]);
    await copyAuditRows(db.pool, 'audit_history', await rowsByTheJsContract(db.pool));
    // A row no stored event accounts for, among the oldest positions. Carrying over every live row
    // (one pass over the whole table under the exclusive lock) would keep it; the copy is the truth
    // for every event that had committed before the rebuild began.
    const stray = '00000000-0000-4000-8000-000000000001';
    await db.pool.query(
      `INSERT INTO audit_history SELECT $1::uuid, stream_id, stream_version + 1000, 1, event_type, schema_version, kind, job_id,
         thing_name, execution_number, status, actor, occurred_at, payload
       FROM audit_history WHERE stream_id = 'job-execution/bulk-job/thing-0'`,
      [stray],
    );

    const result = await rebuildAuditHistory({ eventStoreUrl: db.url, historyUrl: db.url, context: CONTEXT });

    assert.equal(result.carriedOver, 0);
    const { rows } = await db.pool.query('SELECT 1 FROM audit_history WHERE event_id = $1', [stray]);
    assert.equal(rows.length, 0);
  });

  it('swaps in the same rows whether the rows are built in Postgres or, across two databases, in JS', async () => {
    const fixtures = [...contractFixtures(), ...queuedFixtures(200)];
    const store = await migratedStore(fixtures);
    const otherHistory = await freshDatabase('rebuild_history');
    after(() => otherHistory.drop());
    await migrateEventStore(otherHistory.url, [HISTORY_MIGRATIONS_DIR]);

    const inServer = await rebuildAuditHistory({ eventStoreUrl: store.url, historyUrl: store.url, context: CONTEXT });
    const throughClient = await rebuildAuditHistory({ eventStoreUrl: store.url, historyUrl: otherHistory.url, context: CONTEXT });

    assert.deepEqual(inServer, throughClient);
    assert.equal(inServer.rebuilt, fixtures.length);
    assertSameRows(await auditRows(store.url), await auditRows(otherHistory.url));
  });
});

interface MigratedStore {
  url: string;
  pool: pg.Pool;
}

/**
 * A fresh database holding the event store, audit_history and `events`. Its sessions run at
 * UTC-03:30, so any timestamp written in local time instead of UTC shows up as a difference.
 */
async function migratedStore(events: readonly FixtureEvent[]): Promise<MigratedStore> {
  const db = await freshDatabase('in_server_rebuild');
  const admin = new pg.Client({ connectionString: db.url });
  await admin.connect();
  await admin.query(`ALTER DATABASE "${db.name}" SET timezone TO 'America/St_Johns'`).finally(() => admin.end());
  await migrateEventStore(db.url, [HISTORY_MIGRATIONS_DIR]);
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  after(async () => {
    await pool.end();
    await db.drop();
  });
  await insertEvents(pool, events);
  // The rebuild reads the log in commit order below every transaction still open on the server
  // (other tests' too), and carries over what lies above that horizon: start once the fixtures are
  // all below it, so the figures do not depend on what else the server is doing.
  await pollUntil(async () => ((await readAll(pool, START_OF_ALL, events.length)).length === events.length ? true : undefined), {
    description: 'the fixtures readable in commit order',
  });
  return { url: db.url, pool };
}

async function emptyAuditTable(db: pg.Pool, table: string): Promise<void> {
  await db.query(`CREATE TABLE ${table} (LIKE audit_history INCLUDING ALL EXCLUDING INDEXES)`);
}

/** The reference: every stored event through the JS contract and `auditRowOf`, as the consumer does. */
async function rowsByTheJsContract(db: pg.Pool | pg.PoolClient): Promise<AuditRow[]> {
  const { rows } = await db.query(
    `SELECT event_id::text, event_type, schema_version, data, metadata, occurred_at, stream_id,
            stream_version::int, global_position::text FROM es_events ORDER BY global_position`,
  );
  return rows.flatMap((row) => {
    const event: SourceEvent = {
      eventId: row.event_id,
      type: row.event_type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      occurredAt: row.occurred_at,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      globalPosition: row.global_position,
    };
    const payload = historyPayloadOf(event, CONTEXT);
    return payload === undefined ? [] : [auditRowOf(payload)];
  });
}

/**
 * Up to 5 event ids present in either table with the columns whose values differ (compared by
 * Postgres, jsonb as jsonb). Few, because assert's diff of a long list takes minutes.
 */
async function differences(db: pg.Pool, left: string, right: string): Promise<Array<{ event_id: string; columns: string[] }>> {
  const differing = AUDIT_COLUMNS.map((column) => `CASE WHEN l.${column} IS DISTINCT FROM r.${column} THEN '${column}' END`);
  const { rows } = await db.query<{ event_id: string; columns: string[] }>(
    `SELECT * FROM (
       SELECT coalesce(l.event_id, r.event_id)::text AS event_id, array_remove(ARRAY[${differing.join(', ')}], NULL) AS columns
         FROM ${left} l FULL JOIN ${right} r ON r.event_id = l.event_id
     ) d WHERE cardinality(columns) > 0 ORDER BY event_id LIMIT 5`,
  );
  return rows;
}

/** Row by row, so a failure shows one small diff (assert's diff of two long lists takes minutes). */
function assertSameRows(actual: readonly unknown[], expected: readonly unknown[]): void {
  assert.equal(actual.length, expected.length);
  for (const [i, row] of actual.entries()) assert.deepEqual(row, expected[i], `row ${i}`);
}

/** Whether an ACCESS EXCLUSIVE lock on audit_history (the swap's) is waiting to be granted. */
async function swapWaitsForTheLiveTable(db: pg.Pool): Promise<true | undefined> {
  const { rows } = await db.query(
    `SELECT 1 FROM pg_locks WHERE relation = 'audit_history'::regclass AND mode = 'AccessExclusiveLock' AND NOT granted`,
  );
  return rows.length > 0 ? true : undefined;
}

async function count(db: pg.Pool, table: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

async function auditRows(url: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT * FROM audit_history ORDER BY event_id');
    return rows;
  } finally {
    await client.end();
  }
}

/** audit_history's indexes (keys included) as definitions without their names, sorted. */
async function indexShapes(db: pg.Pool): Promise<string[]> {
  const { rows } = await db.query<{ shape: string }>(
    `SELECT regexp_replace(pg_get_indexdef(indexrelid), '^(CREATE (UNIQUE )?INDEX) \\S+ ON', '\\1 ON') AS shape
     FROM pg_index WHERE indrelid = 'audit_history'::regclass ORDER BY 1`,
  );
  return rows.map((row) => row.shape);
}
