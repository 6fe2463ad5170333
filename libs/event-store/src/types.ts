import type pg from 'pg';

/**
 * What the writer believes about the stream before appending:
 * - a number N: the stream is exactly at version N (0 means it must not exist yet);
 * - 'no-stream': the stream must not exist;
 * - 'stream-exists': the stream must exist, at any version;
 * - 'any': no check.
 */
export type ExpectedVersion = number | 'no-stream' | 'any' | 'stream-exists';

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  actor?: string;
  [key: string]: unknown;
}

export interface NewEvent {
  /** A uuid; appending the same ids again at the same positions is an idempotent no-op. */
  eventId: string;
  type: string;
  /** Defaults to 1. */
  schemaVersion?: number;
  data: Record<string, unknown>;
  metadata?: EventMetadata;
  /** Defaults to the database's clock at append time. */
  occurredAt?: Date;
}

export interface StoredEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  occurredAt: Date;
  streamId: string;
  streamVersion: number;
  /** A bigint, as a decimal string. */
  globalPosition: string;
  /** The xid8 of the appending transaction, as a decimal string. */
  transactionId: string;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as the expected version of the next one. */
  nextExpectedVersion: number;
  events: StoredEvent[];
}

export interface StreamWrite {
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
  /** Recorded when the append creates the stream. */
  streamType?: string;
}

export interface AppendOptions {
  streamType?: string;
}

/**
 * A position in the global, commit-ordered log. It is exactly the ordering key
 * (transaction id, global position), so resuming from it can neither skip nor repeat an event.
 */
export interface GlobalCheckpoint {
  transactionId: string;
  globalPosition: string;
}

export const START_OF_ALL: GlobalCheckpoint = Object.freeze({ transactionId: '0', globalPosition: '0' });

/**
 * A read model updated inside the append transaction, so it commits (or rolls back) together with
 * the events it was given.
 */
export interface InlineProjection {
  name: string;
  /** Event types this projection wants; all events if absent. */
  handles?: string[];
  apply(tx: pg.PoolClient, events: StoredEvent[]): Promise<void>;
  /**
   * Optional fast path: the same writes as `apply`, as data-modifying statements that run inside
   * the append's own statement, so a one-stream append commits in one round trip (no BEGIN, no
   * COMMIT, no separate projection statement). Return undefined whenever `apply` must run instead
   * (work the SQL cannot express, e.g. a fold in JavaScript).
   *
   * Concurrent appends to different streams share one statement (AppendCombiner), so `events` may
   * come from several streams, each stream's in order. Every row a statement changes must be
   * guarded by `sql.guard(<the SQL expression of that row's stream id>)`, so a stream whose version
   * check failed changes nothing; a statement may change a row at most once (Postgres ignores a
   * second change of a row in one statement) and only rows of its events' own streams. Pass
   * lists as array parameters rather than one placeholder per event: the text then stays the same
   * for any number of appends, and Postgres plans it once per connection.
   */
  inAppendStatement?(events: readonly PendingEvent[], sql: StatementBuilder): string[] | undefined;
}

/** An event as the append statement will store it: all a projection can know before the insert. */
export interface PendingEvent {
  type: string;
  data: Record<string, unknown>;
  streamId: string;
  streamVersion: number;
}

/** Parameters and the version guard for statements joined to an append statement. */
export interface StatementBuilder {
  /** Adds a parameter; returns its placeholder (`$n`). */
  param(value: unknown): string;
  /** A condition true only when the version check of `streamId` (an SQL expression) passed. */
  guard(streamId: string): string;
}

/** Anything that can run a query: a pool, or a client (possibly inside a transaction). */
export interface Queryable {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}
