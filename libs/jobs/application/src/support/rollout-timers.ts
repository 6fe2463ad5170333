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

  /** The instant the last sweep looked for due chunks: everything due by then, it picked up or left (failed, over its limit). */
  private sweptUpTo?: Date;

  /** Runs the chunks due now; returns how many jobs it advanced. */
  async sweep(limit = 100): Promise<number> {
    const now = this.clock.now();
    const due = await this.readModel.dueRollouts(now, limit);
    for (const jobId of due) {
      try {
        while (await this.rollout.nextChunk(jobId, this.settings.chunkSize));
      } catch (error) {
        this.logger.error(`Rolling out job ${jobId} failed: ${String(error)}`);
      }
    }
    this.sweptUpTo = now;
    return due.length;
  }

  /**
   * Milliseconds from now until the next chunk the last sweep did not pick up is due (≤ 0 when it
   * already is); undefined before the first sweep or when no rollout waits. The sweeper uses it to
   * look again at that instant rather than at its next tick: a chunk the tick fires late lands late
   * in the 60 s window, and every later chunk with it (docs/aws-behaviour.md §19.7). What the last
   * sweep left due is not counted, so a chunk that keeps failing is retried at the tick's pace.
   */
  async untilNextDue(): Promise<number | undefined> {
    if (this.sweptUpTo === undefined) return undefined;
    const due = await this.readModel.nextRolloutDueAfter(this.sweptUpTo);
    return due === undefined ? undefined : due.getTime() - this.clock.now().getTime();
  }
}
