import { Injectable } from '@nestjs/common';
import {
  foldEvents,
  jobTemplateDecider,
  jobTemplateStreamId,
  STREAM_TYPES,
  type JobTemplateCommand,
  type JobTemplateEvent,
  type JobTemplateState,
} from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { EventStore } from '../ports/event-store.port.js';
import { retryOnConflict } from './retry-on-conflict.js';
import { planned, toDomainEvents } from './stream-writer.js';

/** Loading, deciding on and appending to one job-template stream (as JobStreams does for jobs). */
@Injectable()
export class JobTemplateStreams {
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Load, decide, append; on a lost race read again and decide again. */
  decide(jobTemplateId: string, command: (now: Date, state: JobTemplateState) => JobTemplateCommand): Promise<JobTemplateEvent[]> {
    return retryOnConflict(
      async () => {
        const loaded = await this.load(jobTemplateId);
        const decided = command(this.clock.now(), loaded.state);
        const events = jobTemplateDecider.decide(decided, loaded.state);
        const { write } = planned(loaded, STREAM_TYPES.jobTemplate, events, undefined, decided.data.actor);
        if (write) await this.store.append(write);
        return events;
      },
      { pinned: false },
    );
  }

  async load(jobTemplateId: string): Promise<{ streamId: string; state: JobTemplateState; version: number }> {
    const streamId = jobTemplateStreamId(jobTemplateId);
    const events = await this.store.readStream(streamId);
    const state = foldEvents(jobTemplateDecider, toDomainEvents<JobTemplateEvent>(events));
    return { streamId, state, version: events.at(-1)?.streamVersion ?? 0 };
  }
}
