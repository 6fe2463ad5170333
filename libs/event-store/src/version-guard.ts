import { ConcurrencyError } from './errors.js';
import { streamVersion } from './read.js';
import type { ExpectedVersion, Queryable } from './types.js';

/** One stream's share of an append, with its expectation resolved to a guard kind. */
export interface PlannedWrite {
  streamId: string;
  expected: ExpectedVersion;
  guard: 'exact' | 'no-stream' | 'any' | 'stream-exists';
  count: number;
  streamType: string | null;
}

/**
 * Moves every stream's version forward by its event count, each with the guarded statement its
 * expectation calls for, and returns the version each stream had before. Concurrent writers are
 * serialised by the row lock; under READ COMMITTED the loser re-checks the guard against the
 * committed version and fails cleanly, so no SERIALIZABLE isolation is needed.
 */
export async function bumpVersions(tx: Queryable, writes: PlannedWrite[]): Promise<Map<string, number>> {
  const sorted = [...writes].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
  const previous = new Map<string, number>();
  await bumpNewStreams(
    tx,
    sorted.filter((w) => w.guard === 'no-stream'),
    previous,
  );
  await bumpExact(
    tx,
    sorted.filter((w) => w.guard === 'exact'),
    previous,
  );
  await bumpExisting(
    tx,
    sorted.filter((w) => w.guard === 'stream-exists'),
    previous,
  );
  await bumpAny(
    tx,
    sorted.filter((w) => w.guard === 'any'),
    previous,
  );
  return previous;
}

async function bumpNewStreams(tx: Queryable, writes: PlannedWrite[], previous: Map<string, number>): Promise<void> {
  if (writes.length === 0) return;
  // DO NOTHING instead of letting the unique violation abort the transaction: we can still ask
  // for the conflicting stream's version. A concurrent uncommitted creator makes us wait for it.
  const { rows } = await tx.query<{ stream_id: string }>(
    `INSERT INTO es_streams (stream_id, stream_type, version)
     SELECT stream_id, stream_type, count
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(stream_id, stream_type, count)
      ORDER BY stream_id
     ON CONFLICT (stream_id) DO NOTHING
     RETURNING stream_id`,
    [writes.map((w) => w.streamId), writes.map((w) => w.streamType), writes.map((w) => w.count)],
  );
  await failOnMissing(tx, writes, rows);
  for (const w of writes) previous.set(w.streamId, 0);
}

async function bumpExact(tx: Queryable, writes: PlannedWrite[], previous: Map<string, number>): Promise<void> {
  if (writes.length === 0) return;
  await lockInOrder(tx, writes);
  const { rows } = await tx.query<{ stream_id: string }>(
    `UPDATE es_streams s SET version = v.expected + v.count, updated_at = now()
       FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS v(stream_id, expected, count)
      WHERE s.stream_id = v.stream_id AND s.version = v.expected
     RETURNING s.stream_id`,
    [writes.map((w) => w.streamId), writes.map((w) => w.expected), writes.map((w) => w.count)],
  );
  await failOnMissing(tx, writes, rows);
  for (const w of writes) previous.set(w.streamId, w.expected as number);
}

async function bumpExisting(tx: Queryable, writes: PlannedWrite[], previous: Map<string, number>): Promise<void> {
  if (writes.length === 0) return;
  await lockInOrder(tx, writes);
  const { rows } = await tx.query<{ stream_id: string; version: string }>(
    `UPDATE es_streams s SET version = s.version + v.count, updated_at = now()
       FROM unnest($1::text[], $2::bigint[]) AS v(stream_id, count)
      WHERE s.stream_id = v.stream_id AND s.version > 0
     RETURNING s.stream_id, s.version`,
    [writes.map((w) => w.streamId), writes.map((w) => w.count)],
  );
  await failOnMissing(tx, writes, rows);
  recordPrevious(writes, rows, previous);
}

async function bumpAny(tx: Queryable, writes: PlannedWrite[], previous: Map<string, number>): Promise<void> {
  if (writes.length === 0) return;
  await lockInOrder(tx, writes);
  const { rows } = await tx.query<{ stream_id: string; version: string }>(
    `INSERT INTO es_streams (stream_id, stream_type, version)
     SELECT stream_id, stream_type, count
       FROM unnest($1::text[], $2::text[], $3::bigint[]) AS v(stream_id, stream_type, count)
      ORDER BY stream_id
     ON CONFLICT (stream_id) DO UPDATE
        SET version = es_streams.version + EXCLUDED.version, updated_at = now()
     RETURNING stream_id, version`,
    [writes.map((w) => w.streamId), writes.map((w) => w.streamType), writes.map((w) => w.count)],
  );
  recordPrevious(writes, rows, previous);
}

/**
 * A multi-row UPDATE locks rows in whatever order the plan visits them; two batches touching the
 * same streams could deadlock. Locking in stream id order first makes every batch queue the same
 * way. A single stream needs no such care.
 */
async function lockInOrder(tx: Queryable, writes: PlannedWrite[]): Promise<void> {
  if (writes.length < 2) return;
  await tx.query('SELECT 1 FROM es_streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE', [writes.map((w) => w.streamId)]);
}

function recordPrevious(writes: PlannedWrite[], rows: Array<{ stream_id: string; version: string }>, previous: Map<string, number>): void {
  const counts = new Map(writes.map((w) => [w.streamId, w.count]));
  for (const row of rows) previous.set(row.stream_id, Number(row.version) - (counts.get(row.stream_id) ?? 0));
}

async function failOnMissing(tx: Queryable, writes: PlannedWrite[], rows: Array<{ stream_id: string }>): Promise<void> {
  if (rows.length === writes.length) return;
  const moved = new Set(rows.map((r) => r.stream_id));
  const loser = writes.find((w) => !moved.has(w.streamId));
  if (loser === undefined) return;
  throw new ConcurrencyError(loser.streamId, loser.expected, await streamVersion(tx, loser.streamId));
}
