import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { initialJobExecutionState, jobExecutionStreamId, parseJobTarget, type JobCreated, type JobExecutionState } from '#jobs/domain';
import { Clock } from '../../ports/clock.port.js';
import { EventStore, type StreamWrite } from '../../ports/event-store.port.js';
import { ExecutionStreams, type LoadedExecutionStream } from '../../support/execution-streams.js';
import { JobStreams } from '../../support/job-streams.js';
import { JobTargets } from '../../support/job-targets.js';
import { JobTemplateStreams } from '../../support/job-template-streams.js';
import { retryOnConflict } from '../../support/retry-on-conflict.js';
import { jobArn, ServiceIdentity } from '../../support/service-identity.js';
import type { JobSummaryResult } from '../../views.js';
import { CreateJobCommand } from './create-job.command.js';
import { withTemplate } from './from-template.js';

/**
 * Creates the job and queues one execution per directly targeted thing, all in one transaction:
 * either the job exists with those executions QUEUED, or nothing was written. The members of
 * targeted thing groups (up to whole fleets) are queued afterwards, in chunks, by the rollout
 * reaction, so this answers at once whatever the groups' size. A job with a rollout config queues
 * nothing here: the rollout notifies all its targets at the configured rate.
 */
@CommandHandler(CreateJobCommand)
export class CreateJobHandler implements ICommandHandler<CreateJobCommand> {
  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly store: EventStore,
    private readonly identity: ServiceIdentity,
    private readonly clock: Clock,
    private readonly targets: JobTargets,
    private readonly templates: JobTemplateStreams,
  ) {}

  async execute(command: CreateJobCommand): Promise<JobSummaryResult> {
    const input = await withTemplate(command.input, this.templates);
    await this.targets.validate(input.targets);
    return retryOnConflict(
      async () => {
        const now = this.clock.now();
        const job = await this.jobs.load(input.jobId);
        const { actor, ...fields } = input;
        const planned = this.jobs.plan(job, { type: 'CreateJob', data: { ...fields, actor, now } });
        const created = planned.events[0] as JobCreated;
        // A jobId used for the first time has no execution streams yet: no need to read 10,000 of them.
        const firstUse = job.version === 0;
        const writes: StreamWrite[] = [planned.write!];
        const queued: Array<{ write: StreamWrite; state: JobExecutionState }> = [];
        // With a rollout config every target waits for the paced rollout (docs/aws-behaviour.md §19).
        const direct = input.jobExecutionsRolloutConfig === undefined ? created.data.targets : [];
        for (const arn of direct) {
          const target = parseJobTarget(arn);
          if (target.kind !== 'thing') continue;
          const { thingName } = target;
          const loaded = firstUse ? emptyStream(input.jobId, thingName) : await this.executions.load(input.jobId, thingName);
          const { write, state } = this.executions.plan(loaded, {
            type: 'QueueJobExecution',
            data: {
              jobId: input.jobId,
              thingName,
              thingArn: arn,
              reason: 'ROLLOUT',
              actor,
              now,
              ...(input.timeoutConfig ? { timeoutConfig: input.timeoutConfig } : {}),
            },
          });
          if (write) {
            writes.push(write);
            queued.push({ write, state });
          }
        }
        await this.store.appendMany(writes);
        // The executions' next commands (typically a device starting one, or a cancel) need no read.
        for (const { write, state } of queued) this.executions.committed(write, state);
        return {
          jobArn: jobArn(this.identity, input.jobId),
          jobId: input.jobId,
          ...(input.description !== undefined ? { description: input.description } : {}),
        };
      },
      { pinned: false },
    );
  }
}

function emptyStream(jobId: string, thingName: string): LoadedExecutionStream {
  return { streamId: jobExecutionStreamId(jobId, thingName), state: initialJobExecutionState(), version: 0 };
}
