import { Injectable } from '@nestjs/common';
import type { JobEventType, JobExecutionEvent, JobExecutionEventType } from '#jobs/domain';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../support/execution-streams.js';
import { JobStreams } from '../support/job-streams.js';
import { ThingReach } from '../support/thing-reach.js';
import { SERVICE_ACTOR, type Reaction, type ReactionEvent } from './reaction.js';

/**
 * The execution events after which a retry may be due or the job may be complete, and the job's
 * scheduled end that stopped its rollout (its executions may all have ended already).
 */
const ENDINGS: ReadonlySet<JobExecutionEventType | JobEventType> = new Set([
  'JobRolloutStopped',
  'JobExecutionSucceeded',
  'JobExecutionFailed',
  'JobExecutionRejected',
  'JobExecutionTimedOut',
  'JobExecutionCanceled',
  'JobExecutionDeleted',
  'JobExecutionRemoved',
]);

/**
 * What follows the end of an execution (docs/aws-behaviour.md §7.6, §7.8):
 * 1. an automatic retry, when the job's retry config allows one after FAILED or TIMED_OUT and the
 *    thing is still the job's (not deleted, still reached by a CONTINUOUS job's targets, §15.3);
 * 2. completion of a SNAPSHOT job, or of a job whose endTime stopped its rollout (§21.4), once none
 *    of its executions is pending any more.
 * Both go through the deciders, so a replayed batch changes nothing twice: the retry names the
 * attempt that ended, and a completed job is not completed again.
 */
@Injectable()
export class JobProgressReaction implements Reaction {
  readonly name = 'job-progress';
  readonly eventTypes: ReadonlySet<string> = ENDINGS;

  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly reach: ThingReach,
  ) {}

  async react(events: readonly ReactionEvent[]): Promise<void> {
    const endings = events as unknown as ReadonlyArray<JobExecutionEvent | { type: 'JobRolloutStopped'; data: { jobId: string } }>;
    for (const ending of endings) {
      if (ending.type === 'JobExecutionFailed' || ending.type === 'JobExecutionTimedOut') await this.retry(ending.data);
    }
    // Retries first: a job whose failed execution is retried is not complete.
    for (const jobId of new Set(endings.map((ending) => ending.data.jobId))) await this.completeIfDone(jobId);
  }

  private async retry(ended: { jobId: string; thingName: string; executionNumber: number }): Promise<void> {
    const { job } = (await this.jobs.load(ended.jobId)).state;
    const retryConfig = job?.jobExecutionsRetryConfig;
    if (!retryConfig || job.status !== 'IN_PROGRESS') return;
    const { thingName } = ended;
    const attempt = (await this.executions.load(ended.jobId, thingName)).state.executions.find((e) => e.executionNumber === ended.executionNumber);
    if (attempt === undefined) return;
    if ((await this.reach.leftReason(job, thingName, attempt.queuedAt)) !== undefined) return;
    const queued = await this.executions.decide(ended.jobId, thingName, (now) => ({
      type: 'RetryJobExecution',
      data: { retryConfig, executionNumber: ended.executionNumber, actor: SERVICE_ACTOR, now },
    }));
    const retry = queued.find((event) => event.type === 'JobExecutionQueued');
    if (retry === undefined) return;
    // The thing may have left between the check and the append, after the thing-targets reaction
    // had found nothing pending to remove: asked again now, one of the two sees the other's write.
    const reason = await this.reach.leftReason(job, thingName, attempt.queuedAt);
    if (reason === undefined) return;
    await this.executions.decide(ended.jobId, thingName, (now) => ({
      type: 'RemoveJobExecution',
      data: { reason, executionNumber: retry.data.executionNumber, actor: SERVICE_ACTOR, now },
    }));
  }

  private async completeIfDone(jobId: string): Promise<void> {
    // One index probe spares reading the job and every execution status while any is pending.
    if (await this.readModel.hasPendingExecution(jobId)) return;
    const { job } = (await this.jobs.load(jobId)).state;
    if (job?.status !== 'IN_PROGRESS' || (job.targetSelection !== 'SNAPSHOT' && job.rolloutStoppedAt === undefined)) return;
    const executionStatuses = await this.readModel.latestExecutionStatuses(jobId);
    await this.jobs.decide(jobId, (now) => ({ type: 'CompleteJob', data: { executionStatuses, actor: SERVICE_ACTOR, now } }));
  }
}
