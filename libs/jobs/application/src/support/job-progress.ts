import { Injectable, Logger } from '@nestjs/common';
import type { JobExecutionStatus } from '#jobs/domain';
import { EventStore } from '../ports/event-store.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ExecutionStreams } from './execution-streams.js';
import { FreshProbe } from './fresh-probe.js';
import { JobStreams } from './job-streams.js';
import { retryOnConflict } from './retry-on-conflict.js';

/**
 * What follows the end of an execution, run after that change has committed:
 * 1. an automatic retry, when the job's retry config allows one after FAILED or TIMED_OUT (§7.8);
 * 2. completion of a SNAPSHOT job whose executions are now all terminal (§7.6). The last writer to
 *    commit always sees every other execution's end, so concurrent endings miss no completion.
 * The execution change is already acknowledged, so a failure here is logged, not returned; a
 * process that dies in between leaves the job for `completeStalledJobs`, which the sweeper runs.
 */
@Injectable()
export class JobProgress {
  private readonly logger = new Logger(JobProgress.name);
  /** Concurrent endings of one job share "is any execution still pending?" probes. */
  private readonly pendingExecutions: FreshProbe<boolean>;

  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly store: EventStore,
  ) {
    this.pendingExecutions = new FreshProbe((jobId) => this.readModel.hasPendingExecution(jobId));
  }

  async executionEnded(jobId: string, thingName: string, status: JobExecutionStatus): Promise<void> {
    try {
      if (status === 'FAILED' || status === 'TIMED_OUT') await this.retry(jobId, thingName);
      await this.complete(jobId);
    } catch (error) {
      this.logger.error(`Follow-up of ${jobId}/${thingName} ending ${status} failed: ${String(error)}`);
    }
  }

  /** Deleting the last pending execution can leave every remaining one terminal. */
  async executionDeleted(jobId: string): Promise<void> {
    try {
      await this.complete(jobId);
    } catch (error) {
      this.logger.error(`Completion check of ${jobId} failed: ${String(error)}`);
    }
  }

  /** Completes SNAPSHOT jobs left IN_PROGRESS although every execution has ended; returns how many. */
  async completeStalledJobs(limit = 100): Promise<number> {
    let completed = 0;
    for (const jobId of await this.readModel.stalledSnapshotJobs(limit)) {
      try {
        if (await this.complete(jobId)) completed += 1;
      } catch (error) {
        this.logger.error(`Completing stalled job ${jobId} failed: ${String(error)}`);
      }
    }
    return completed;
  }

  private async retry(jobId: string, thingName: string): Promise<void> {
    const { job } = (await this.jobs.load(jobId)).state;
    const retryConfig = job?.jobExecutionsRetryConfig;
    if (!retryConfig || job.status !== 'IN_PROGRESS') return;
    await retryOnConflict(
      () => this.executions.execute(jobId, thingName, { type: 'RetryJobExecution', data: { retryConfig, actor: 'service', now: new Date() } }),
      { pinned: false },
    );
  }

  /** Whether this call completed the job. */
  private async complete(jobId: string): Promise<boolean> {
    // A job with a pending execution cannot complete (isJobComplete wants every one terminal): one
    // index probe spares the job-stream read and the read of every execution's status, which made
    // each execution ending cost O(executions of the job). The ending already committed, so a
    // concurrent last ending still sees it and completes the job. The probe starts after this
    // caller's commit (FreshProbe never hands out an earlier one), so that still holds when shared.
    if (await this.pendingExecutions.ask(jobId)) return false;
    return retryOnConflict(async () => {
      const loaded = await this.jobs.load(jobId);
      if (loaded.state.job?.status !== 'IN_PROGRESS') return false;
      const executionStatuses = await this.readModel.latestExecutionStatuses(jobId);
      const { write } = this.jobs.plan(loaded, { type: 'CompleteJob', data: { executionStatuses, actor: 'service', now: new Date() } });
      if (!write) return false;
      await this.store.append(write.streamId, write.expectedVersion, write.events, { streamType: 'job' });
      return true;
    }, { pinned: false });
  }
}
