import { Injectable } from '@nestjs/common';
import {
  decodeJobExecutionState,
  jobExecutionDecider,
  JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION,
  jobExecutionStreamId,
  type JobExecutionCommand,
  type JobExecutionEvent,
  type JobExecutionState,
} from '#jobs/domain';
import { EventStore, type StreamWrite } from '../ports/event-store.port.js';
import { toDomainEvents, toStoreEvents } from './stream-writer.js';

export interface LoadedExecutionStream {
  streamId: string;
  state: JobExecutionState;
  /** The stream's version: the expected version of the next append. */
  version: number;
}

/** Loading, deciding on and appending to one (jobId, thingName) execution stream. */
@Injectable()
export class ExecutionStreams {
  constructor(private readonly store: EventStore) {}

  /**
   * The state from the stream's snapshot (kept every few events by the inline projection, see
   * `#jobs/read-models`) plus the events after it, so a long history costs no more than a short one.
   */
  async load(jobId: string, thingName: string): Promise<LoadedExecutionStream> {
    const streamId = jobExecutionStreamId(jobId, thingName);
    const { snapshot, events } = await this.store.readSnapshotAndTail(streamId, JOB_EXECUTION_SNAPSHOT_SCHEMA_VERSION);
    const start = snapshot ? decodeJobExecutionState(snapshot.state) : jobExecutionDecider.initialState();
    const state = toDomainEvents<JobExecutionEvent>(events).reduce(jobExecutionDecider.evolve, start);
    const version = events.at(-1)?.streamVersion ?? snapshot?.streamVersion ?? 0;
    return { streamId, state, version };
  }

  /**
   * The decisions as one write, without appending it: for use cases that write several streams at
   * once. Each command is decided on the state the previous ones left.
   */
  plan(loaded: LoadedExecutionStream, ...commands: JobExecutionCommand[]): { write?: StreamWrite; events: JobExecutionEvent[] } {
    const events: JobExecutionEvent[] = [];
    let state = loaded.state;
    for (const command of commands) {
      const decided = jobExecutionDecider.decide(command, state);
      state = decided.reduce(jobExecutionDecider.evolve, state);
      events.push(...decided);
    }
    if (events.length === 0) return { events };
    return {
      events,
      write: {
        streamId: loaded.streamId,
        expectedVersion: loaded.version,
        streamType: 'job-execution',
        events: toStoreEvents(events, { actor: commands[0]!.data.actor }),
      },
    };
  }

  /** Load, decide and append one command; a concurrent change surfaces as StreamConflictError. */
  async execute(jobId: string, thingName: string, command: JobExecutionCommand): Promise<JobExecutionEvent[]> {
    const loaded = await this.load(jobId, thingName);
    const { write, events } = this.plan(loaded, command);
    if (write) await this.store.append(write.streamId, write.expectedVersion, write.events, { streamType: 'job-execution' });
    return events;
  }
}
