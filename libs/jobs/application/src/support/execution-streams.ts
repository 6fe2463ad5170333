import { Injectable } from '@nestjs/common';
import {
  decideAll,
  DomainError,
  jobExecutionDecider,
  jobExecutionStateFrom,
  JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
  jobExecutionStreamId,
  STREAM_TYPES,
  type JobExecutionCommand,
  type JobExecutionEvent,
  type JobExecutionState,
} from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { EventStore, StreamConflictError, type StreamWrite } from '../ports/event-store.port.js';
import { RecentStates } from './recent-states.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { planned, toDomainEvents, type Planned } from './stream-writer.js';

/**
 * Execution streams whose state after this process's last write is kept, so the next command on
 * one (a cancel after CreateJob, a device's next update) needs no read. A state is ~1 KB: 10,000
 * of them are ~10 MB, and CreateJob's largest target list fits.
 */
export const RECENT_EXECUTION_STATES = 10_000;

export interface LoadedExecutionStream {
  streamId: string;
  state: JobExecutionState;
  /** The stream's version: the expected version of the next append. */
  version: number;
}

/** Builds a command for the instant the attempt decides at (each retry of a lost race gets its own). */
export type ExecutionCommandAt = (now: Date) => JobExecutionCommand;

/** Loading, deciding on and appending to one (jobId, thingName) execution stream. */
@Injectable()
export class ExecutionStreams {
  private readonly recent = new RecentStates<JobExecutionState>(RECENT_EXECUTION_STATES);

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The use cases' one way to change an execution: load, decide, append, and on a lost race
   * (another writer moved the stream) read again and decide again. A caller that pinned
   * `expectedVersion` is never decided for on a state it did not name: the decider compares it
   * with the execution's current versionNumber, and a race lost on a state read for this call
   * surfaces as VersionConflict. Returns the events appended (none when the outcome was already in
   * the state).
   */
  decide(jobId: string, thingName: string, command: ExecutionCommandAt, options: { pinned?: boolean } = {}): Promise<JobExecutionEvent[]> {
    return retryOnConflict(() => this.execute(jobId, thingName, command(this.clock.now())), { pinned: options.pinned ?? false });
  }

  /**
   * The state from the stream's snapshot (kept every few events by the inline projection, see
   * `#jobs/read-models`) plus the events after it, so a long history costs no more than a short one.
   */
  async load(jobId: string, thingName: string): Promise<LoadedExecutionStream> {
    const streamId = jobExecutionStreamId(jobId, thingName);
    const { snapshot, events } = await this.store.readSnapshotAndTail(streamId, JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION);
    const state = jobExecutionStateFrom(snapshot, toDomainEvents<JobExecutionEvent>(events));
    const version = events.at(-1)?.streamVersion ?? snapshot?.streamVersion ?? 0;
    return { streamId, state, version };
  }

  /**
   * The decisions as one write, without appending it: for use cases that write several streams at
   * once. Each command is decided on the state the previous ones left.
   */
  plan(loaded: LoadedExecutionStream, ...commands: JobExecutionCommand[]): Planned<JobExecutionEvent, JobExecutionState> {
    const { events, state } = decideAll(jobExecutionDecider, loaded.state, commands);
    return planned(loaded, STREAM_TYPES.jobExecution, events, state, commands[0]!.data.actor);
  }

  /** After `write` (planned from `state`) committed in a write of several streams: keep its state. */
  committed(write: StreamWrite, state: JobExecutionState): void {
    this.recent.remember(write.streamId, state, (write.expectedVersion as number) + write.events.length);
  }

  /**
   * Decide and append one command, on the state this process left after its last write to the
   * stream when it has one, else on the stored stream; a concurrent change surfaces as
   * StreamConflictError. A kept state can be stale (another instance wrote since), so only an
   * append it passed stands: a conflict, a refusal or "nothing to do" is decided again on the
   * stored stream, which gives exactly the answer a fresh read would have.
   */
  async execute(jobId: string, thingName: string, command: JobExecutionCommand): Promise<JobExecutionEvent[]> {
    const streamId = jobExecutionStreamId(jobId, thingName);
    const recent = this.recent.take(streamId);
    if (recent !== undefined) {
      const events = await this.onKeptState({ streamId, ...recent }, command);
      if (events !== undefined) return events;
    }
    return this.decideAndAppend(await this.load(jobId, thingName), command);
  }

  private async onKeptState(kept: LoadedExecutionStream, command: JobExecutionCommand): Promise<JobExecutionEvent[] | undefined> {
    try {
      const events = await this.decideAndAppend(kept, command);
      return events.length > 0 ? events : undefined;
    } catch (error) {
      if (error instanceof StreamConflictError || error instanceof DomainError) return undefined;
      throw error;
    }
  }

  private async decideAndAppend(loaded: LoadedExecutionStream, command: JobExecutionCommand): Promise<JobExecutionEvent[]> {
    const { write, events, state } = this.plan(loaded, command);
    if (write === undefined) return events;
    const result = await this.store.append(write);
    this.recent.remember(write.streamId, state, result.nextExpectedVersion);
    return events;
  }
}
