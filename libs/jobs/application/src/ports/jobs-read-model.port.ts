import type { JobExecutionStatus, JobExecutionView, JobStatus, JobView } from '../views.js';
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
  /** Things whose latest execution of the job is still pending: what a CancelJob may touch. */
  abstract pendingExecutionsOfJob(jobId: string): Promise<JobExecutionView[]>;
  /** Status of the latest execution of each thing of the job: what decides its completion. */
  abstract latestExecutionStatuses(jobId: string): Promise<JobExecutionStatus[]>;
  /** Whether some thing's latest execution of the job is still QUEUED or IN_PROGRESS (one index probe). */
  abstract hasPendingExecution(jobId: string): Promise<boolean>;
  /** IN_PROGRESS SNAPSHOT jobs that have executions but none pending: completions that were missed. */
  abstract stalledSnapshotJobs(limit: number): Promise<string[]>;
  /** IN_PROGRESS executions whose timer deadline is at or before `now`, oldest deadline first. */
  abstract dueTimeouts(now: Date, limit: number): Promise<Array<ExecutionKey & { executionNumber: number }>>;
  /** Every (job, thing) pair that has an execution row, for DeleteJob. */
  abstract executionKeysOfJob(jobId: string): Promise<ExecutionKey[]>;
}
