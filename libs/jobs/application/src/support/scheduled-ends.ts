import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../ports/clock.port.js';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { SERVICE_ACTOR } from '../reactions/reaction.js';
import { JobStreams } from './job-streams.js';

/**
 * The end timer of scheduled jobs (docs/aws-behaviour.md §21.5): JobCreated stores when a job
 * with a schedulingConfig.endTime ends (`endAt`, projected into the read model); this finds the
 * IN_PROGRESS jobs whose end has come and ends each through the decider (EndScheduledJob): the
 * rollout stops (JobRolloutStopped) or the job is canceled (JobCanceled), as its endBehavior says.
 * What follows is the work of reactions on those events: the job-wide-work reaction cancels the
 * executions of a canceled job, job-progress completes a stopped one once nothing is pending.
 * Every instance may sweep: the decider ends a job once, and the version guard lets one write win.
 */
@Injectable()
export class ScheduledEnds {
  private readonly logger = new Logger(ScheduledEnds.name);

  constructor(
    private readonly readModel: JobsReadModel,
    private readonly jobs: JobStreams,
    private readonly clock: Clock,
  ) {}

  /** Ends the jobs due now; returns how many were due. */
  async sweep(limit = 100): Promise<number> {
    const due = await this.readModel.dueScheduledEnds(this.clock.now(), limit);
    for (const jobId of due) {
      try {
        await this.jobs.decide(jobId, (now) => ({ type: 'EndScheduledJob', data: { actor: SERVICE_ACTOR, now } }));
      } catch (error) {
        this.logger.error(`Ending scheduled job ${jobId} failed: ${String(error)}`);
      }
    }
    return due.length;
  }
}
