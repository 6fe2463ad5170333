export { appendWithin } from './append.js';
export { CheckpointStore } from './checkpoints.js';
export { ConcurrencyError, isConcurrencyError } from './errors.js';
export { EVENT_STORE_MIGRATIONS_DIR, migrateEventStore } from './migrate.js';
export { checkpointOf, readAll, readStream, streamVersion } from './read.js';
export { EVENT_COLUMNS, toStoredEvent, type EventRow } from './rows.js';
export { readSnapshotAndTail, writeSnapshot, type SnapshotAndTail, type StreamSnapshot, type TailEvent } from './snapshots.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './store.js';
export { EventSubscription, type EventSubscriptionOptions } from './subscription.js';
export {
  START_OF_ALL,
  type AppendOptions,
  type AppendResult,
  type EventMetadata,
  type ExpectedVersion,
  type GlobalCheckpoint,
  type InlineProjection,
  type NewEvent,
  type PendingEvent,
  type Queryable,
  type StatementBuilder,
  type StoredEvent,
  type StreamWrite,
} from './types.js';
