import { Injectable } from '@nestjs/common';
import { foldEvents, jobDecider, jobStreamId, STREAM_TYPES, type JobCommand, type JobEvent, type JobState } from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { EventStore } from '../ports/event-store.port.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { planned, toDomainEvents, type Planned } from './stream-writer.js';

export interface LoadedJobStream {
  streamId: string;
  state: JobState;
  version: number;
}

/** Builds a command for the instant the attempt decides at, from the state it decides on. */
export type JobCommandAt = (now: Date, state: JobState) => JobCommand;

/** Loading, deciding on and appending to one job stream. */
@Injectable()
export class JobStreams {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /**
   * The use cases' one way to change a job: load, decide, append, and on a lost race read again and
   * decide again. Returns the events appended (none when the outcome was already in the state)
   * and the job's state after them.
   */
  decide(jobId: string, command: JobCommandAt): Promise<{ events: JobEvent[]; state: JobState }> {
    return retryOnConflict(
      async () => {
        const loaded = await this.load(jobId);
        const { write, events, state } = this.plan(loaded, command(this.clock.now(), loaded.state));
        if (write) await this.store.append(write);
        return { events, state };
      },
      { pinned: false },
    );
  }

  async load(jobId: string): Promise<LoadedJobStream> {
    const streamId = jobStreamId(jobId);
    const events = await this.store.readStream(streamId);
    const state = foldEvents(jobDecider, toDomainEvents<JobEvent>(events));
    return { streamId, state, version: events.at(-1)?.streamVersion ?? 0 };
  }

  plan(loaded: LoadedJobStream, command: JobCommand): Planned<JobEvent, JobState> {
    const events = jobDecider.decide(command, loaded.state);
    return planned(loaded, STREAM_TYPES.job, events, events.reduce(jobDecider.evolve, loaded.state), command.data.actor);
  }
}
