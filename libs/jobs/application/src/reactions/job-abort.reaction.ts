import { Injectable } from '@nestjs/common';
import { firedAbortCriterion } from '#jobs/domain';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { JobStreams } from '../support/job-streams.js';
import { SERVICE_ACTOR, type Reaction, type ReactionEvent } from './reaction.js';

/**
 * The events after which a job's abort criteria are checked (docs/aws-behaviour.md §16): an
 * execution completing (the counts change) and an UpdateJob (the criteria may have changed).
 */
const ABORT_CHECKS: ReadonlySet<string> = new Set([
  'JobExecutionSucceeded',
  'JobExecutionFailed',
  'JobExecutionRejected',
  'JobExecutionTimedOut',
  'JobUpdated',
]);

/**
 * Aborts a job whose abortConfig fires: the job is canceled as by a non-force CancelJob, through
 * the AbortJob decision (JobAborted, reasonCode JOB_ABORTED, a comment with the numbers). The
 * job-wide-work reaction then cancels the QUEUED executions; IN_PROGRESS ones finish, and no more
 * retries are queued because retries need an IN_PROGRESS job.
 * Each batch checks each job it names once, on the counts stored now (they include every ending of
 * the batch). A replay checks again and the decider makes a second abort a no-op.
 */
@Injectable()
export class JobAbortReaction implements Reaction {
  readonly name = 'job-abort';
  readonly eventTypes: ReadonlySet<string> = ABORT_CHECKS;

  constructor(
    private readonly jobs: JobStreams,
    private readonly readModel: JobsReadModel,
  ) {}

  async react(events: readonly ReactionEvent[]): Promise<void> {
    for (const jobId of new Set(events.map((event) => String(event.data.jobId)))) await this.abortIfCriterionFires(jobId);
  }

  private async abortIfCriterionFires(jobId: string): Promise<void> {
    // The job stream is small; reading it first spares counting the executions of jobs without criteria.
    const { job } = (await this.jobs.load(jobId)).state;
    if (job?.status !== 'IN_PROGRESS' || job.abortConfig === undefined) return;
    const abortedBy = firedAbortCriterion(job.abortConfig, await this.readModel.executionOutcomeCounts(jobId));
    if (abortedBy === undefined) return;
    await this.jobs.decide(jobId, (now) => ({ type: 'AbortJob', data: { abortedBy, actor: SERVICE_ACTOR, now } }));
  }
}
