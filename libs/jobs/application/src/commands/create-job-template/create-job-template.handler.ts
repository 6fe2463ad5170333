import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertMaintenanceWindows, DomainError, type Job } from '#jobs/domain';
import { Clock } from '../../ports/clock.port.js';
import { CronCalendar } from '../../ports/cron-calendar.port.js';
import { definedMembers } from '../../support/defined.js';
import { JobStreams } from '../../support/job-streams.js';
import { JobTemplateStreams } from '../../support/job-template-streams.js';
import { jobTemplateArn, ServiceIdentity } from '../../support/service-identity.js';
import { CreateJobTemplateCommand, type CreateJobTemplateResult } from './create-job-template.command.js';

const JOB_ARN = /^arn:aws(?:-[a-z]+)*:iot:[a-z0-9-]+:\d{12}:job\/([a-zA-Z0-9_-]{1,64})$/;

/**
 * Creates a template. With `jobArn`, the job's document and configurations are the starting point
 * and each member given in the request replaces the copied one whole (docs/aws-behaviour.md §18).
 */
@CommandHandler(CreateJobTemplateCommand)
export class CreateJobTemplateHandler implements ICommandHandler<CreateJobTemplateCommand> {
  constructor(
    private readonly templates: JobTemplateStreams,
    private readonly jobs: JobStreams,
    private readonly identity: ServiceIdentity,
    private readonly calendar: CronCalendar,
    private readonly clock: Clock,
  ) {}

  async execute({ input }: CreateJobTemplateCommand): Promise<CreateJobTemplateResult> {
    const { jobArn, actor, ...given } = input;
    // The windows' cron expressions are read through the calendar port, so they are checked here (§21.5).
    assertMaintenanceWindows('maintenanceWindows', input.maintenanceWindows, this.calendar, this.clock.now());
    const copied = jobArn === undefined ? undefined : await this.copiedJob(jobArn);
    await this.templates.decide(input.jobTemplateId, (now) => ({
      type: 'CreateJobTemplate',
      data: {
        ...(copied ? copiedFields(copied) : {}),
        ...definedMembers(given),
        jobTemplateId: input.jobTemplateId,
        description: input.description,
        ...(copied ? { copiedFromJobId: copied.jobId } : {}),
        actor,
        now,
      },
    }));
    return { jobTemplateArn: jobTemplateArn(this.identity, input.jobTemplateId), jobTemplateId: input.jobTemplateId };
  }

  private async copiedJob(jobArn: string): Promise<Job> {
    const jobId = JOB_ARN.exec(jobArn)?.[1];
    if (jobId === undefined) throw new DomainError('InvalidRequest', `${jobArn} is not a job ARN (arn:aws:iot:<region>:<account>:job/<id>)`);
    const { state } = await this.jobs.load(jobId);
    if (state.job === undefined) throw new DomainError('ResourceNotFound', `Job ${jobId} does not exist`);
    return state.job;
  }
}

/** What a template copies from a job: its document and the configurations it honours (of the schedule, the windows). */
function copiedFields(job: Job) {
  return {
    ...(job.document !== undefined ? { document: job.document } : {}),
    ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
    ...(job.jobExecutionsRetryConfig ? { jobExecutionsRetryConfig: job.jobExecutionsRetryConfig } : {}),
    ...(job.abortConfig ? { abortConfig: job.abortConfig } : {}),
    ...(job.schedulingConfig?.maintenanceWindows ? { maintenanceWindows: job.schedulingConfig.maintenanceWindows } : {}),
  };
}
