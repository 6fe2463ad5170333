import type pg from 'pg';
import { readSnapshotAndTail, writeSnapshot, type PendingEvent } from '#event-store';
import {
  encodeJobExecutionState,
  jobExecutionStateFrom,
  JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
  STREAM_TYPES,
  streamTypeOf,
  type JobExecutionEvent,
} from '#jobs/domain';

/**
 * Events between two snapshots of an execution stream: a command then folds at most this many
 * events after the snapshot. Small enough that a long history costs a load little, large enough
 * that the extra fold + upsert inside the append transaction is rare.
 */
export const EXECUTION_SNAPSHOT_INTERVAL = 50;

/**
 * Inside the append transaction: every execution stream whose new events crossed a multiple of the
 * interval gets a fresh snapshot at its new head. Being in the same transaction, a snapshot never
 * claims events that did not commit. Short streams (a queued execution: one event) never pay.
 */
export async function snapshotExecutionStreams(tx: pg.PoolClient, events: readonly PendingEvent[]): Promise<void> {
  for (const streamId of streamsCrossingInterval(events)) await snapshotHead(tx, streamId);
}

/** Whether the event at this stream version is due a snapshot (its version is a multiple of the interval). */
export const snapshotDueAt = (streamVersion: number): boolean => streamVersion % EXECUTION_SNAPSHOT_INTERVAL === 0;

function streamsCrossingInterval(events: readonly PendingEvent[]): string[] {
  const ranges = new Map<string, { first: number; last: number }>();
  for (const event of events) {
    if (streamTypeOf(event.streamId) !== STREAM_TYPES.jobExecution) continue;
    const range = ranges.get(event.streamId);
    if (range === undefined) ranges.set(event.streamId, { first: event.streamVersion, last: event.streamVersion });
    else range.last = Math.max(range.last, event.streamVersion);
  }
  const bucket = (version: number) => Math.floor(version / EXECUTION_SNAPSHOT_INTERVAL);
  return [...ranges].filter(([, { first, last }]) => bucket(first - 1) < bucket(last)).map(([streamId]) => streamId);
}

async function snapshotHead(tx: pg.PoolClient, streamId: string): Promise<void> {
  const { snapshot, events } = await readSnapshotAndTail(tx, streamId, JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION);
  const state = jobExecutionStateFrom(snapshot, events as unknown as JobExecutionEvent[]);
  const streamVersion = events.at(-1)?.streamVersion ?? snapshot?.streamVersion ?? 0;
  await writeSnapshot(tx, {
    streamId,
    streamVersion,
    schemaVersion: JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
    state: encodeJobExecutionState(state),
  });
}
