import { Injectable } from '@nestjs/common';
import type { JobAborted, JobCanceled, JobDeletionStarted, JobEvent, JobEventType } from '#jobs/domain';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ExecutionStreams } from '../support/execution-streams.js';
import { JobStreams } from '../support/job-streams.js';
import { JobWideWorkPace, paced } from './paced.js';
import type { Reaction, ReactionEvent } from './reaction.js';

const JOB_WIDE_CHANGES: ReadonlySet<JobEventType> = new Set(['JobCanceled', 'JobAborted', 'JobDeletionStarted']);

/** Executions read per page of a sweep: bounded memory whatever the job's size. */
const PAGE_SIZE = 500;

/**
 * The execution half of CancelJob and DeleteJob (docs/aws-behaviour.md §7.4, §7.5). The operator's
 * request only changes the job (it answers at once, however busy the job's devices are); this
 * reaction then changes the executions one stream at a time, each its own small decision with its
 * own retry, paced so it does not starve other traffic.
 * - JobCanceled (and JobAborted, a non-force cancel by the abort criteria): every QUEUED execution (and IN_PROGRESS with force) becomes CANCELED. A device
 *   racing it either wins (its update lands first; the sweep's decision then leaves the execution
 *   alone) or gets the ordinary 409 for its own execution.
 * - JobDeletionStarted: every execution is deleted, then the job (FinishJobDeletion).
 * A crash, a lost lease or a failed batch replays the event: the sweep starts over from the read
 * model, where executions already done no longer show, and the deciders make repeats no-ops.
 */
@Injectable()
export class JobWideWorkReaction implements Reaction {
  readonly name = 'job-wide-work';
  readonly eventTypes: ReadonlySet<string> = JOB_WIDE_CHANGES;

  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly pace: JobWideWorkPace,
  ) {}

  async react(events: readonly ReactionEvent[], stopping: AbortSignal): Promise<void> {
    for (const event of events as unknown as readonly JobEvent[]) {
      if (event.type === 'JobCanceled' || event.type === 'JobAborted') await this.cancelExecutions(event.data, stopping);
      else if (event.type === 'JobDeletionStarted') await this.deleteExecutions(event.data, stopping);
    }
  }

  private async cancelExecutions(cancel: JobCanceled['data'] | JobAborted['data'], stopping: AbortSignal): Promise<void> {
    // A job deleted since (or being deleted) has nothing left to cancel.
    if ((await this.jobs.load(cancel.jobId)).state.job?.status !== 'CANCELED') return;
    for (let after: string | undefined; ; ) {
      const page = await this.readModel.cancelableExecutions({ jobId: cancel.jobId, force: cancel.force, afterThingName: after, limit: PAGE_SIZE });
      if (page.length === 0) return;
      await paced(page, this.pace, stopping, (thingName) =>
        this.executions.decide(cancel.jobId, thingName, (now) => ({
          type: 'CancelJobExecution',
          data: {
            force: cancel.force,
            origin: 'CancelJob',
            actor: cancel.actor,
            now,
            ...(cancel.reasonCode !== undefined ? { reasonCode: cancel.reasonCode } : {}),
            ...(cancel.comment !== undefined ? { comment: cancel.comment } : {}),
          },
        })),
      );
      after = page.at(-1);
    }
  }

  private async deleteExecutions(deletion: JobDeletionStarted['data'], stopping: AbortSignal): Promise<void> {
    if ((await this.jobs.load(deletion.jobId)).state.job?.status !== 'DELETION_IN_PROGRESS') return;
    for (let previous: string | undefined; ; ) {
      // Purged executions leave the view, so each page starts from the first thing left.
      const page = await this.readModel.thingsWithExecutions({ jobId: deletion.jobId, limit: PAGE_SIZE });
      if (page.length === 0) break;
      // Never spin: a page that starts where the last one did means the purge changed nothing.
      if (page[0] === previous) throw new Error(`Deleting the executions of job ${deletion.jobId} made no progress at ${previous}`);
      previous = page[0];
      await paced(page, this.pace, stopping, (thingName) =>
        this.executions.decide(deletion.jobId, thingName, (now) => ({ type: 'PurgeJobExecutions', data: { actor: deletion.actor, now } })),
      );
    }
    await this.jobs.decide(deletion.jobId, (now) => ({ type: 'FinishJobDeletion', data: { actor: deletion.actor, now } }));
  }
}
