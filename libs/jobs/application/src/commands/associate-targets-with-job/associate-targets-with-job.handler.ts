import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { parseJobTarget, type JobCreated, type JobTargetsAssociated } from '#jobs/domain';
import { Clock } from '../../ports/clock.port.js';
import { EventStore, type StreamWrite } from '../../ports/event-store.port.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
import { JobStreams } from '../../support/job-streams.js';
import { JobTargets } from '../../support/job-targets.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { jobArn, ServiceIdentity } from '../../support/service-identity.js';
import type { JobSummaryResult } from '../../views.js';
import { AssociateTargetsWithJobCommand } from './associate-targets-with-job.command.js';

/**
 * AssociateTargetsWithJob (docs/aws-behaviour.md §15.4): the job gains the targets, and newly
 * targeted things are queued in the same transaction; added groups join the job's rollout.
 */
@CommandHandler(AssociateTargetsWithJobCommand)
export class AssociateTargetsWithJobHandler implements ICommandHandler<AssociateTargetsWithJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly store: EventStore,
    private readonly targets: JobTargets,
    private readonly identity: ServiceIdentity,
    private readonly clock: Clock,
  ) {}

  async execute({ input }: AssociateTargetsWithJobCommand): Promise<JobSummaryResult> {
    await this.targets.validate(input.targets);
    return retryOnConflict(
      async () => {
        const now = this.clock.now();
        const job = await this.jobs.load(input.jobId);
        const { actor, jobId, ...fields } = input;
        const planned = this.jobs.plan(job, { type: 'AssociateTargetsWithJob', data: { ...fields, actor, now } });
        const writes: StreamWrite[] = planned.write ? [planned.write] : [];
        const added = (planned.events[0] as JobTargetsAssociated | undefined)?.data.targets ?? [];
        for (const arn of added) {
          const target = parseJobTarget(arn);
          if (target.kind !== 'thing') continue;
          const loaded = await this.executions.load(jobId, target.thingName);
          const { write } = this.executions.plan(loaded, {
            type: 'QueueJobExecution',
            data: { jobId, thingName: target.thingName, thingArn: arn, reason: 'REQUEUE', actor, now, ...timeoutOf(job.state.job) },
          });
          if (write) writes.push(write);
        }
        if (writes.length > 0) await this.store.appendMany(writes);
        const description = job.state.job?.description;
        return { jobArn: jobArn(this.identity, jobId), jobId, ...(description !== undefined ? { description } : {}) };
      },
      { pinned: false },
    );
  }
}

function timeoutOf(job: { timeoutConfig?: JobCreated['data']['timeoutConfig'] } | undefined) {
  return job?.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {};
}
