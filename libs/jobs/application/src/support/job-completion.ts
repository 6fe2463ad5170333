import { Injectable, Logger } from '@nestjs/common';
import { EventStore } from '../ports/event-store.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { JobStreams } from './job-streams.js';
import { retryOnConflict } from './retry-on-conflict.js';

/**
 * A SNAPSHOT job completes when its last execution ends (spec §7.6). Run after an execution
 * change has committed: the last writer to commit always sees every other execution's end, so no
 * completion is missed when executions end concurrently.
 */
@Injectable()
export class JobCompletion {
  private readonly logger = new Logger(JobCompletion.name);

  constructor(
    private readonly jobs: JobStreams,
    private readonly readModel: JobsReadModel,
    private readonly store: EventStore,
  ) {}

  async afterExecutionEnded(jobId: string): Promise<void> {
    try {
      await retryOnConflict(async () => {
        const loaded = await this.jobs.load(jobId);
        if (loaded.state.job?.status !== 'IN_PROGRESS') return;
        const executionStatuses = await this.readModel.latestExecutionStatuses(jobId);
        const { write } = this.jobs.plan(loaded, {
          type: 'CompleteJob',
          data: { executionStatuses, actor: 'service', now: new Date() },
        });
        if (write) await this.store.append(write.streamId, write.expectedVersion, write.events, { streamType: 'job' });
      }, { pinned: false });
    } catch (error) {
      // The execution change is committed and acknowledged; completion is re-checked by the next change.
      this.logger.error(`Could not complete job ${jobId}: ${String(error)}`);
    }
  }
}
