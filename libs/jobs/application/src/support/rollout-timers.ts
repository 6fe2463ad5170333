import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../ports/clock.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { RolloutSettings } from '../ports/registry-read-model.port.js';
import { JobRolloutReaction } from '../reactions/job-rollout.reaction.js';

/**
 * The durable timer of paced rollouts (docs/aws-behaviour.md §19): each JobRolloutAdvanced stores
 * when the job's next target may be notified; this finds the jobs whose time has come by a query
 * over the read model and runs their next chunks through the decider. Every instance may sweep:
 * a chunk is appended at the job's stream version, so of two instances only one uses the window.
 */
@Injectable()
export class RolloutTimers {
  private readonly logger = new Logger(RolloutTimers.name);

  constructor(
    private readonly readModel: JobsReadModel,
    private readonly rollout: JobRolloutReaction,
    private readonly settings: RolloutSettings,
    private readonly clock: Clock,
  ) {}

  /** Runs the chunks due now; returns how many jobs it advanced. */
  async sweep(limit = 100): Promise<number> {
    const due = await this.readModel.dueRollouts(this.clock.now(), limit);
    for (const jobId of due) {
      try {
        while (await this.rollout.nextChunk(jobId, this.settings.chunkSize));
      } catch (error) {
        this.logger.error(`Rolling out job ${jobId} failed: ${String(error)}`);
      }
    }
    return due.length;
  }
}
