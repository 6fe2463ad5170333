import type pg from 'pg';
import { ConcurrencyError } from './errors.js';
import { findStoredByIds, priorOutcome } from './idempotency.js';
import { streamVersion } from './read.js';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './rows.js';
import type { AppendResult, ExpectedVersion, InlineProjection, Queryable, StoredEvent, StreamWrite } from './types.js';
import { bumpVersions, type PlannedWrite } from './version-guard.js';
import { WAKE_UP_CHANNEL } from './commit-notifier.js';

const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';

/**
 * Appends to several streams inside the caller's open transaction: guarded version bumps first (so
 * the transaction's xid is taken only after the predecessors' versions were seen), then the events
 * in one bulk insert, then the inline projections. Subscribers are woken by a NOTIFY delivered at
 * the caller's commit, unless `wakeAtCommit` is false (PostgresEventStore notifies after its own
 * commits instead; see CommitNotifier).
 * Results come back in the order of `writes`. Throws ConcurrencyError on any conflict; the caller
 * must then roll back.
 */
export async function appendWithin(
  tx: pg.PoolClient,
  writes: StreamWrite[],
  projections: readonly InlineProjection[] = [],
  options: { priorIdsLookup?: boolean; wakeAtCommit?: boolean } = {},
): Promise<AppendResult[]> {
  validate(writes);
  // A caller that recognises retries after a conflict itself (PostgresEventStore.appendMany, after
  // rolling back) may skip this read: a retried id then fails the insert's unique index instead,
  // which surfaces as the ConcurrencyError that triggers the recognition. One round trip less.
  const stored = options.priorIdsLookup === false ? new Map<string, StoredEvent>() : await findStoredByIds(tx, writes);
  const results = new Map<StreamWrite, AppendResult>();
  const pending: StreamWrite[] = [];
  for (const write of writes) {
    const prior = priorOutcome(write, stored);
    if (prior.kind === 'conflict') throw await conflict(tx, write);
    if (prior.kind === 'already-appended') results.set(write, resultOf(prior.events));
    else if (write.events.length === 0) results.set(write, await checkWithoutWriting(tx, write));
    else pending.push(write);
  }
  if (pending.length > 0) {
    const appended = await writeEvents(tx, pending, options.wakeAtCommit !== false);
    await runProjections(
      tx,
      projections,
      pending.flatMap((w) => appended.get(w) ?? []),
    );
    for (const write of pending) results.set(write, resultOf(appended.get(write) ?? []));
  }
  return writes.map((w) => results.get(w)!);
}

async function writeEvents(tx: Queryable, writes: StreamWrite[], wakeAtCommit: boolean): Promise<Map<StreamWrite, StoredEvent[]>> {
  try {
    const single = writes.length === 1 ? plan(writes[0]!) : undefined;
    const rows =
      single?.guard === 'exact'
        ? await bumpAndInsertOne(tx, writes[0]!, single.expected as number, { wakeAtCommit })
        : await insertEvents(tx, writes, await bumpVersions(tx, writes.map(plan)), wakeAtCommit);
    return inWriteOrder(writes, rows);
  } catch (error) {
    throw asConcurrencyError(error, writes);
  }
}

/** The stored events of each write, in the order the write gave them. */
export function inWriteOrder(writes: StreamWrite[], rows: EventRow[]): Map<StreamWrite, StoredEvent[]> {
  const byId = new Map(rows.map((row) => [row.event_id, toStoredEvent(row)]));
  return new Map(writes.map((w) => [w, w.events.map((e) => byId.get(e.eventId.toLowerCase())!)]));
}

/**
 * The common command (one stream, exact expected version) as ONE statement: the guarded version
 * bump, then the event insert (only when the bump matched) and the wake-up NOTIFY if asked. The
 * bump runs first (the insert reads its result), so the xid is taken after the version check. No
 * row back means the guard failed; nothing was changed, so the actual version can be asked on the
 * same connection.
 */
async function bumpAndInsertOne(db: Queryable, write: StreamWrite, expected: number, options: { wakeAtCommit: boolean }): Promise<EventRow[]> {
  const previous = new Map([[write.streamId, expected]]);
  const { rows } = await db.query<EventRow>(
    `WITH bumped AS (
       UPDATE es_streams SET version = $9::bigint + $10::bigint, updated_at = now()
        WHERE stream_id = ($1::text[])[1] AND version = $9::bigint
       RETURNING stream_id),
     ${INSERT_EVENTS} WHERE EXISTS (SELECT 1 FROM bumped) ${insertEventsEnd(options.wakeAtCommit)}`,
    [...insertParameters([write], previous), expected, write.events.length],
  );
  if (rows.length === write.events.length) return rows;
  throw new ConcurrencyError(write.streamId, expected, await streamVersion(db, write.streamId));
}

/**
 * The bulk insert as a CTE named `inserted` over the parameters of insertParameters ($1-$8), then
 * (when asked) the subscribers' wake-up NOTIFY, delivered at commit and evaluated once, instead of
 * costing its own round trip. ORDINALITY keeps global positions in the order the caller gave.
 */
export const INSERT_EVENTS = `inserted AS (
       INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata, occurred_at)
       SELECT v.stream_id, v.stream_version, v.event_id, v.event_type, v.schema_version,
              $6::jsonb -> (v.ord::int - 1), $7::jsonb -> (v.ord::int - 1), coalesce(v.occurred_at, now())
         FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::int[], $8::timestamptz[])
              WITH ORDINALITY AS v(stream_id, stream_version, event_id, event_type, schema_version, occurred_at, ord)`;

export function insertEventsEnd(wakeAtCommit: boolean): string {
  const wake = wakeAtCommit ? ` CROSS JOIN (SELECT pg_notify('${WAKE_UP_CHANNEL}', '')) AS wake_subscribers` : '';
  return `ORDER BY v.ord
       RETURNING ${EVENT_COLUMNS})
     SELECT inserted.* FROM inserted${wake}`;
}

async function insertEvents(tx: Queryable, writes: StreamWrite[], previous: Map<string, number>, wakeAtCommit: boolean): Promise<EventRow[]> {
  // One statement for the whole batch: creating a job with 10,000 executions must not cost
  // 10,000 round trips.
  const { rows } = await tx.query<EventRow>(`WITH ${INSERT_EVENTS} ${insertEventsEnd(wakeAtCommit)}`, insertParameters(writes, previous));
  return rows;
}

export function insertParameters(writes: StreamWrite[], previous: Map<string, number>): unknown[] {
  const rows = writes.flatMap((w) => w.events.map((event, i) => ({ streamId: w.streamId, version: previous.get(w.streamId)! + i + 1, event })));
  return [
    rows.map((r) => r.streamId),
    rows.map((r) => r.version),
    rows.map((r) => r.event.eventId),
    rows.map((r) => r.event.type),
    rows.map((r) => r.event.schemaVersion ?? 1),
    // Payloads go as one JSON document each, not as text[]: node-pg sends an array as a literal,
    // escaping and copying every payload once more (7 % of a cancel's allocation, BENCHMARKS.md).
    JSON.stringify(rows.map((r) => r.event.data)),
    JSON.stringify(rows.map((r) => r.event.metadata ?? {})),
    rows.map((r) => r.event.occurredAt ?? null),
  ];
}

async function runProjections(tx: pg.PoolClient, projections: readonly InlineProjection[], events: StoredEvent[]) {
  for (const projection of projections) {
    const handles = projection.handles;
    const relevant = handles === undefined ? events : events.filter((e) => handles.includes(e.type));
    if (relevant.length > 0) await projection.apply(tx, relevant);
  }
}

function plan(write: StreamWrite): PlannedWrite {
  const e = write.expectedVersion;
  const guard = e === 0 || e === 'no-stream' ? 'no-stream' : typeof e === 'number' ? 'exact' : e;
  return { streamId: write.streamId, expected: e, guard, count: write.events.length, streamType: write.streamType ?? null };
}

/** An empty write only checks its expectation; it creates nothing and takes no xid. */
async function checkWithoutWriting(tx: Queryable, write: StreamWrite): Promise<AppendResult> {
  const actual = await streamVersion(tx, write.streamId);
  if (!matches(write.expectedVersion, actual)) throw new ConcurrencyError(write.streamId, write.expectedVersion, actual);
  return { nextExpectedVersion: actual, events: [] };
}

function matches(expected: ExpectedVersion, actual: number): boolean {
  if (typeof expected === 'number') return expected === actual;
  if (expected === 'no-stream') return actual === 0;
  if (expected === 'stream-exists') return actual > 0;
  return true;
}

export function resultOf(events: StoredEvent[]): AppendResult {
  return { nextExpectedVersion: events[events.length - 1]?.streamVersion ?? 0, events };
}

async function conflict(tx: Queryable, write: StreamWrite): Promise<ConcurrencyError> {
  return new ConcurrencyError(write.streamId, write.expectedVersion, await streamVersion(tx, write.streamId));
}

/**
 * A duplicate event id (a concurrent retry, or ids reused elsewhere) and a deadlock between two
 * batches are both "someone else wrote first". The transaction is aborted at this point, so the
 * actual version cannot be asked for.
 */
export function asConcurrencyError(error: unknown, writes: StreamWrite[]): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code !== UNIQUE_VIOLATION && code !== DEADLOCK_DETECTED) return error;
  const culprit = writeNamedIn(error, writes) ?? writes[0]!;
  return new ConcurrencyError(culprit.streamId, culprit.expectedVersion, undefined, { cause: error });
}

function writeNamedIn(error: unknown, writes: StreamWrite[]): StreamWrite | undefined {
  const detail = String((error as { detail?: unknown }).detail ?? '').toLowerCase();
  return writes.find((w) => detail.includes(`(${w.streamId.toLowerCase()}`) || w.events.some((e) => detail.includes(e.eventId.toLowerCase())));
}

export function validate(writes: StreamWrite[]): void {
  const streams = new Set<string>();
  const ids = new Set<string>();
  for (const write of writes) {
    const e = write.expectedVersion;
    if (typeof e === 'number' && !(Number.isSafeInteger(e) && e >= 0)) {
      throw new TypeError(`Expected version must be a non-negative integer, got ${e} for "${write.streamId}"`);
    }
    if (streams.has(write.streamId)) throw new TypeError(`Stream "${write.streamId}" appears twice in one append`);
    streams.add(write.streamId);
    for (const event of write.events) {
      // A JSON array turns undefined into null, which the NOT NULL column would then accept.
      if (event.data === undefined) throw new TypeError(`Event ${event.eventId} of "${write.streamId}" has no data`);
      const id = event.eventId.toLowerCase();
      if (ids.has(id)) throw new TypeError(`Event id ${event.eventId} appears twice in one append`);
      ids.add(id);
    }
  }
}
