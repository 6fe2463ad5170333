import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertMaintenanceWindows, isPacedJob, parseScheduleTime, type JobCreated } from '#jobs/domain';
import { Clock } from '../../ports/clock.port.js';
import { CronCalendar } from '../../ports/cron-calendar.port.js';
import { EventStore, type StreamWrite } from '../../ports/event-store.port.js';
import { planDirectExecutions } from '../../support/direct-executions.js';
import { ExecutionStreams } from '../../support/execution-streams.js';
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
 * reaction, so this answers at once whatever the groups' size. A job with a rollout config or
 * maintenance windows queues nothing here: the rollout notifies all its targets at the configured
 * rate, inside the windows. A scheduled job (schedulingConfig.startTime) queues nothing until it starts.
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
    private readonly calendar: CronCalendar,
  ) {}

  async execute(command: CreateJobCommand): Promise<JobSummaryResult> {
    const input = await withTemplate(command.input, this.templates);
    await this.targets.validate(input.targets);
    return retryOnConflict(
      async () => {
        const now = this.clock.now();
        this.assertWindows(input.schedulingConfig, now);
        const job = await this.jobs.load(input.jobId);
        const { actor, ...fields } = input;
        const planned = this.jobs.plan(job, { type: 'CreateJob', data: { ...fields, actor, now } });
        const created = planned.events[0] as JobCreated;
        // A SCHEDULED job queues nothing until its startTime (ScheduledStarts); a paced one nothing at all.
        const queued =
          created.data.status === 'SCHEDULED'
            ? []
            : await planDirectExecutions(this.executions, {
                jobId: input.jobId,
                targets: created.data.targets,
                paced: isPacedJob(input),
                ...(input.timeoutConfig ? { timeoutConfig: input.timeoutConfig } : {}),
                actor,
                now,
                // A jobId used for the first time has no execution streams yet: no need to read 10,000 of them.
                firstUse: job.version === 0,
              });
        const writes: StreamWrite[] = [planned.write!, ...queued.map((execution) => execution.write)];
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

  /** The windows' cron expressions are read through the calendar port, so they are checked here (§21.5). */
  private assertWindows(config: CreateJobCommand['input']['schedulingConfig'], now: Date): void {
    if (config?.maintenanceWindows === undefined) return;
    // Windows count from the job's start: its startTime, or its creation (the decider checks the startTime's range).
    const from = config.startTime === undefined ? now : parseScheduleTime('schedulingConfig.startTime', config.startTime);
    assertMaintenanceWindows('schedulingConfig.maintenanceWindows', config.maintenanceWindows, this.calendar, from);
  }
}
