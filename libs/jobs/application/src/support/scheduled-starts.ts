import { Injectable, Logger } from '@nestjs/common';
import { isPacedJob } from '#jobs/domain';
import { Clock } from '../ports/clock.port.js';
import { EventStore } from '../ports/event-store.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { SERVICE_ACTOR } from '../reactions/reaction.js';
import { planDirectExecutions } from './direct-executions.js';
import { ExecutionStreams } from './execution-streams.js';
import { JobStreams } from './job-streams.js';
import { retryOnConflict } from './retry-on-conflict.js';

/**
 * The durable timer of scheduled jobs (docs/aws-behaviour.md §21): JobCreated stores when a
 * SCHEDULED job starts (`startAt`, projected into the read model); this finds the jobs whose time
 * has come and starts each through the decider: JobStarted and the QUEUED executions of its direct
 * thing targets in one transaction at the job's stream version, as CreateJob would have written
 * them. The rollout reaction then walks its groups (or paces every target). Every instance may
 * sweep: the version guard lets one start each job, and the decider re-checks status and time.
 */
@Injectable()
export class ScheduledStarts {
  private readonly logger = new Logger(ScheduledStarts.name);

  constructor(
    private readonly readModel: JobsReadModel,
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly store: EventStore,
    private readonly clock: Clock,
  ) {}

  /** Starts the jobs due now; returns how many were due. */
  async sweep(limit = 100): Promise<number> {
    const due = await this.readModel.dueScheduledStarts(this.clock.now(), limit);
    for (const jobId of due) {
      try {
        await retryOnConflict(() => this.start(jobId), { pinned: false });
      } catch (error) {
        this.logger.error(`Starting scheduled job ${jobId} failed: ${String(error)}`);
      }
    }
    return due.length;
  }

  private async start(jobId: string): Promise<void> {
    const now = this.clock.now();
    const loaded = await this.jobs.load(jobId);
    const { write } = this.jobs.plan(loaded, { type: 'StartScheduledJob', data: { actor: SERVICE_ACTOR, now } });
    const job = loaded.state.job;
    if (write === undefined || job === undefined) return; // started, canceled or deleted meanwhile, or not due
    const queued = await planDirectExecutions(this.executions, {
      jobId,
      targets: job.targets,
      paced: isPacedJob(job),
      ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
      actor: SERVICE_ACTOR,
      now,
      firstUse: false,
    });
    await this.store.appendMany([write, ...queued.map((execution) => execution.write)]);
  }
}
