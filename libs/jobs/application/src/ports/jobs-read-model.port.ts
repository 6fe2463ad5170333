import type { ExecutionOutcomeCounts, ResourceTag, TaggableResource, TimeoutConfig } from '#jobs/domain';
import type { JobExecutionStatus, JobExecutionView, JobStatus, JobTemplateView, JobView } from '../views.js';
import type { Page } from '../views.js';

export interface ExecutionKey {
  jobId: string;
  thingName: string;
}

/**
 * What the use cases read from the current-state views. The views are updated in the same
 * transaction as the events, so a read right after a command sees its effect.
 */
export abstract class JobsReadModel {
  abstract findJob(jobId: string): Promise<JobView | undefined>;
  abstract jobExists(jobId: string): Promise<boolean>;
  /** The job's document, which only the data plane returns (DescribeJob leaves it out). */
  abstract findJobDocument(jobId: string): Promise<string | undefined>;
  abstract listJobs(filter: {
    status?: JobStatus;
    targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
    targetArn?: string;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobView>>;
  /** The given execution, or the latest one of (job, thing) when no number is given. */
  abstract findExecution(key: ExecutionKey, executionNumber?: number): Promise<JobExecutionView | undefined>;
  abstract listExecutionsForJob(filter: {
    jobId: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>>;
  abstract listExecutionsForThing(filter: {
    thingName: string;
    jobId?: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>>;
  /** Pending (QUEUED or IN_PROGRESS) executions of a thing, oldest first. */
  abstract pendingExecutions(thingName: string): Promise<JobExecutionView[]>;
  /**
   * Things whose latest execution of the job CancelJob would cancel: QUEUED, and IN_PROGRESS too
   * with `force`. In thing-name order after `afterThingName`, at most `limit`.
   */
  abstract cancelableExecutions(filter: { jobId: string; force: boolean; afterThingName?: string; limit: number }): Promise<string[]>;
  /** The first `limit` things (by name) that still have an execution of the job: what DeleteJob deletes. */
  abstract thingsWithExecutions(filter: { jobId: string; limit: number }): Promise<string[]>;
  /** Status of the latest execution of each thing of the job: what decides its completion. */
  abstract latestExecutionStatuses(jobId: string): Promise<JobExecutionStatus[]>;
  /** Whether some thing's latest execution of the job is still QUEUED or IN_PROGRESS (one index probe). */
  abstract hasPendingExecution(jobId: string): Promise<boolean>;
  /**
   * How the job's executions ended, counting every attempt and leaving deleted executions out:
   * what abort criteria are checked against (docs/aws-behaviour.md §16).
   */
  abstract executionOutcomeCounts(jobId: string): Promise<ExecutionOutcomeCounts>;
  /**
   * The job's current timeoutConfig (`{}` when it has none), for an execution starting now;
   * undefined when the job does not exist.
   */
  abstract jobTimeoutConfig(jobId: string): Promise<TimeoutConfig | undefined>;
  abstract findJobTemplate(jobTemplateId: string): Promise<JobTemplateView | undefined>;
  /** Templates in creation order. */
  abstract listJobTemplates(filter: { maxResults: number; cursor?: string }): Promise<Page<JobTemplateView>>;
  /** The tags of a job or job template in the order first set; undefined when it does not exist. */
  abstract listTags(resource: TaggableResource): Promise<ResourceTag[] | undefined>;
  /** How many jobs are DELETION_IN_PROGRESS. */
  abstract jobsBeingDeleted(): Promise<number>;
  /** IN_PROGRESS executions whose timer deadline is at or before `now`, oldest deadline first. */
  abstract dueTimeouts(now: Date, limit: number): Promise<Array<ExecutionKey & { executionNumber: number }>>;
  /** Jobs whose paced rollout may notify its next target at or before `now`, the longest due first. */
  abstract dueRollouts(now: Date, limit: number): Promise<string[]>;
  /** The earliest instant after `after` at which a paced rollout's next chunk is due; undefined when none is. */
  abstract nextRolloutDueAfter(after: Date): Promise<Date | undefined>;
  /** SCHEDULED jobs whose start time is at or before `now`, the longest due first. */
  abstract dueScheduledStarts(now: Date, limit: number): Promise<string[]>;
  /** IN_PROGRESS jobs whose schedulingConfig.endTime is at or before `now` and that have not ended yet, the longest due first. */
  abstract dueScheduledEnds(now: Date, limit: number): Promise<string[]>;
}
