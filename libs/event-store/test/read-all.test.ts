import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkpointOf, PostgresEventStore, readAll, START_OF_ALL, type StoredEvent } from '#event-store';
import { READ_ALL_BODIES_OF_TYPES_SQL, READ_ALL_SQL, readAllPositionsAndBodiesOf } from '../src/read.js';
import { pollUntil } from '#testing';
import { migratedDatabase, newEvents } from './support.js';

const { pool } = await migratedDatabase('es_read_all', 2);
const store = new PostgresEventStore(pool);

// Several transactions of many events each, so both halves of the (transaction, position) order matter.
for (let stream = 0; stream < 8; stream++) {
  await store.appendMany([{ streamId: `read-all/${stream}`, expectedVersion: 'no-stream', events: newEvents(250) }]);
}
await pool.query('ANALYZE es_events');
// readAll shows only what no older open transaction can still precede; other test processes share
// this server, so wait until all 2,000 events are visible (once visible, they stay visible).
await pollUntil(async () => ((await readAll(pool, START_OF_ALL, 2_001)).length === 2_000 ? true : undefined), {
  timeoutMs: 30_000,
  description: 'the appended events to be visible to readAll',
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

describe('readAll', () => {
  for (const [name, sql, extra] of [
    ['every body', READ_ALL_SQL, []],
    ['the bodies of some types', READ_ALL_BODIES_OF_TYPES_SQL, [['SomethingHappened']]],
  ] as const) {
    it(`walks the commit-order index instead of sorting what is left of the log on every call (${name})`, async () => {
      const [first] = await readAll(pool, START_OF_ALL, 1);
      const { rows } = await pool.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`EXPLAIN (FORMAT JSON) ${sql}`, [
        first!.transactionId,
        first!.globalPosition,
        100,
        ...extra,
      ]);
      const nodes = nodesOf(rows[0]!['QUERY PLAN'][0]!.Plan);
      assert.deepEqual(
        nodes.filter((n) => n['Node Type'] === 'Sort'),
        [],
      );
      assert.ok(
        nodes.some((n) => n['Index Name'] === 'es_events_commit_order'),
        JSON.stringify(nodes),
      );
    });
  }

  it('reads the positions of every event but the bodies of the named types only', async () => {
    await store.append('read-all/typed', 'no-stream', [...newEvents(1, 'Other'), ...newEvents(1, 'Named')]);
    const typed = await pollUntil(
      async () => {
        const events = (await readAllPositionsAndBodiesOf(pool, START_OF_ALL, 10_000, ['Named'])).filter((e) => e.streamId === 'read-all/typed');
        return events.length === 2 ? events : undefined;
      },
      { timeoutMs: 30_000, description: 'the typed events to be visible' },
    );
    assert.deepEqual(
      typed.map((e) => [e.type, e.data, e.metadata === null]),
      [
        ['Other', null, true],
        ['Named', { i: 0 }, false],
      ],
    );
  });

  it('returns the whole log in commit order when read in small batches', async () => {
    const { rows } = await pool.query<{ event_id: string }>('SELECT event_id::text FROM es_events ORDER BY transaction_id, global_position');
    const seen: StoredEvent[] = [];
    for (let batch = await readAll(pool, START_OF_ALL, 7); batch.length > 0; ) {
      seen.push(...batch);
      batch = await readAll(pool, checkpointOf(batch.at(-1)!), 7);
    }
    assert.ok(seen.length >= 2_000);
    assert.deepEqual(
      seen.map((e) => e.eventId),
      rows.map((r) => r.event_id),
    );
  });
});
