import { Module, type DynamicModule, type ModuleMetadata, type Provider } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CancelJobExecutionHandler } from './commands/cancel-job-execution/cancel-job-execution.handler.js';
import { CancelJobHandler } from './commands/cancel-job/cancel-job.handler.js';
import { CreateJobTemplateHandler } from './commands/create-job-template/create-job-template.handler.js';
import { DeleteJobTemplateHandler } from './commands/delete-job-template/delete-job-template.handler.js';
import { DescribeJobTemplateHandler } from './queries/describe-job-template/describe-job-template.handler.js';
import { ListJobTemplatesHandler } from './queries/list-job-templates/list-job-templates.handler.js';
import { JobTemplateStreams } from './support/job-template-streams.js';
import { TagResourceHandler } from './commands/tag-resource/tag-resource.handler.js';
import { UntagResourceHandler } from './commands/untag-resource/untag-resource.handler.js';
import { ListTagsForResourceHandler } from './queries/list-tags-for-resource/list-tags-for-resource.handler.js';
import { CreateJobHandler } from './commands/create-job/create-job.handler.js';
import { DeleteJobExecutionHandler } from './commands/delete-job-execution/delete-job-execution.handler.js';
import { DeleteJobHandler } from './commands/delete-job/delete-job.handler.js';
import { StartNextPendingJobExecutionHandler } from './commands/start-next-pending-job-execution/start-next-pending-job-execution.handler.js';
import { UpdateJobHandler } from './commands/update-job/update-job.handler.js';
import { UpdateJobExecutionHandler } from './commands/update-job-execution/update-job-execution.handler.js';
import { DescribeJobExecutionHandler } from './queries/describe-job-execution/describe-job-execution.handler.js';
import { DescribeJobHandler } from './queries/describe-job/describe-job.handler.js';
import { DescribeNextPendingJobExecutionHandler } from './queries/describe-next-pending-job-execution/describe-next-pending-job-execution.handler.js';
import { GetJobDocumentHandler } from './queries/get-job-document/get-job-document.handler.js';
import { GetPendingJobExecutionsHandler } from './queries/get-pending-job-executions/get-pending-job-executions.handler.js';
import { ListJobExecutionsForJobHandler } from './queries/list-job-executions-for-job/list-job-executions-for-job.handler.js';
import { ListJobExecutionsForThingHandler } from './queries/list-job-executions-for-thing/list-job-executions-for-thing.handler.js';
import { ListJobsHandler } from './queries/list-jobs/list-jobs.handler.js';
import { JobAbortReaction } from './reactions/job-abort.reaction.js';
import { JobProgressReaction } from './reactions/job-progress.reaction.js';
import { JobWideWorkReaction } from './reactions/job-wide-work.reaction.js';
import { JobRolloutReaction } from './reactions/job-rollout.reaction.js';
import { REACTIONS } from './reactions/reaction.js';
import { ThingTargetsReaction } from './reactions/thing-targets.reaction.js';
import { AssociateTargetsWithJobHandler } from './commands/associate-targets-with-job/associate-targets-with-job.handler.js';
import { ChangeThingGroupsHandler } from './commands/change-thing-groups/change-thing-groups.handler.js';
import { CreateThingGroupHandler } from './commands/create-thing-group/create-thing-group.handler.js';
import { CreateThingHandler } from './commands/create-thing/create-thing.handler.js';
import { DeleteThingGroupHandler } from './commands/delete-thing-group/delete-thing-group.handler.js';
import { DeleteThingHandler } from './commands/delete-thing/delete-thing.handler.js';
import { UpdateThingGroupHandler } from './commands/update-thing-group/update-thing-group.handler.js';
import { UpdateThingHandler } from './commands/update-thing/update-thing.handler.js';
import { DescribeThingGroupHandler } from './queries/describe-thing-group/describe-thing-group.handler.js';
import { DescribeThingHandler } from './queries/describe-thing/describe-thing.handler.js';
import { ListThingGroupsForThingHandler } from './queries/list-thing-groups-for-thing/list-thing-groups-for-thing.handler.js';
import { ListThingGroupsHandler } from './queries/list-thing-groups/list-thing-groups.handler.js';
import { ListThingsInThingGroupHandler } from './queries/list-things-in-thing-group/list-things-in-thing-group.handler.js';
import { ListThingsHandler } from './queries/list-things/list-things.handler.js';
import { JobTargets } from './support/job-targets.js';
import { RegistryStreams } from './support/registry-streams.js';
import { ThingReach } from './support/thing-reach.js';
import { ExecutionStreams } from './support/execution-streams.js';
import { ExecutionTimeouts } from './support/execution-timeouts.js';
import { PacedRollout } from './support/paced-rollout.js';
import { RolloutTimers } from './support/rollout-timers.js';
import { ScheduledEnds } from './support/scheduled-ends.js';
import { ScheduledStarts } from './support/scheduled-starts.js';
import { JobStreams } from './support/job-streams.js';

const commandHandlers = [
  CreateJobHandler,
  UpdateJobHandler,
  CancelJobHandler,
  DeleteJobHandler,
  CancelJobExecutionHandler,
  DeleteJobExecutionHandler,
  StartNextPendingJobExecutionHandler,
  UpdateJobExecutionHandler,
  CreateThingHandler,
  UpdateThingHandler,
  DeleteThingHandler,
  ChangeThingGroupsHandler,
  CreateThingGroupHandler,
  UpdateThingGroupHandler,
  DeleteThingGroupHandler,
  AssociateTargetsWithJobHandler,
  CreateJobTemplateHandler,
  DeleteJobTemplateHandler,
  TagResourceHandler,
  UntagResourceHandler,
];

const queryHandlers = [
  DescribeJobHandler,
  GetJobDocumentHandler,
  ListJobsHandler,
  DescribeJobExecutionHandler,
  DescribeNextPendingJobExecutionHandler,
  ListJobExecutionsForJobHandler,
  ListJobExecutionsForThingHandler,
  GetPendingJobExecutionsHandler,
  DescribeThingHandler,
  ListThingsHandler,
  DescribeThingGroupHandler,
  ListThingGroupsHandler,
  ListThingsInThingGroupHandler,
  ListThingGroupsForThingHandler,
  DescribeJobTemplateHandler,
  ListJobTemplatesHandler,
  ListTagsForResourceHandler,
];

const reactions = [JobProgressReaction, JobWideWorkReaction, JobAbortReaction, JobRolloutReaction, ThingTargetsReaction];

/**
 * The jobs use cases. The ports (EventStore, JobsReadModel, RegistryReadModel,
 * ContinuousJobsReadModel, TargetPolicy, RolloutSettings, ServiceIdentity, Clock, CronCalendar, JobWideWorkPace) are bound by the module that imports this one, through
 * `JobsApplicationModule.register(adapters)`. The reactions are exported under REACTIONS for the
 * runner that feeds them stored events.
 */
@Module({})
export class JobsApplicationModule {
  static register(adapters: { imports?: ModuleMetadata['imports']; providers: Provider[] }): DynamicModule {
    return {
      module: JobsApplicationModule,
      imports: [CqrsModule, ...(adapters.imports ?? [])],
      providers: [
        ...adapters.providers,
        ExecutionStreams,
        JobStreams,
        RegistryStreams,
        ThingReach,
        JobTargets,
        JobTemplateStreams,
        ExecutionTimeouts,
        PacedRollout,
        RolloutTimers,
        ScheduledStarts,
        ScheduledEnds,
        ...commandHandlers,
        ...queryHandlers,
        ...reactions,
        { provide: REACTIONS, useFactory: (...all: unknown[]) => all, inject: reactions },
      ],
      exports: [CqrsModule, ExecutionTimeouts, RolloutTimers, ScheduledStarts, ScheduledEnds, REACTIONS],
    };
  }
}
