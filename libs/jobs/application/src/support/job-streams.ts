import { Injectable } from '@nestjs/common';
import { foldEvents, jobDecider, jobStreamId, type JobCommand, type JobEvent, type JobState } from '#jobs/domain';
import { EventStore } from '../ports/event-store.port.js';
import { planned, toDomainEvents, type Planned } from './stream-writer.js';

export interface LoadedJobStream {
  streamId: string;
  state: JobState;
  version: number;
}

/** Loading and deciding on one job stream. */
@Injectable()
export class JobStreams {
  constructor(private readonly store: EventStore) {}

  async load(jobId: string): Promise<LoadedJobStream> {
    const streamId = jobStreamId(jobId);
    const events = await this.store.readStream(streamId);
    const state = foldEvents(jobDecider, toDomainEvents<JobEvent>(events));
    return { streamId, state, version: events.length === 0 ? 0 : events[events.length - 1]!.streamVersion };
  }

  plan(loaded: LoadedJobStream, command: JobCommand): Planned<JobEvent, JobState> {
    const events = jobDecider.decide(command, loaded.state);
    return planned(loaded, 'job', events, events.reduce(jobDecider.evolve, loaded.state), command.data.actor);
  }
}
