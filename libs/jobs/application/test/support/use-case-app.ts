import { randomUUID } from 'node:crypto';
import type { Command, Query } from '@nestjs/cqrs';
import {
  CancelJobCommand,
  CancelJobExecutionCommand,
  CreateJobCommand,
  DeleteJobCommand,
  DeleteJobExecutionCommand,
  DescribeJobExecutionQuery,
  DescribeJobQuery,
  DescribeNextPendingJobExecutionQuery,
  ExecutionStreams,
  ExecutionTimeouts,
  GetPendingJobExecutionsQuery,
  JobProgressReaction,
  JobStreams,
  JobTemplateStreams,
  JobWideWorkReaction,
  CreateJobTemplateCommand,
  DeleteJobTemplateCommand,
  DescribeJobTemplateQuery,
  ListJobTemplatesQuery,
  TagResourceCommand,
  UntagResourceCommand,
  ListTagsForResourceQuery,
  ListJobExecutionsForJobQuery,
  ListJobExecutionsForThingQuery,
  ListJobsQuery,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
  UpdateJobCommand,
  GetJobDocumentQuery,
  AssociateTargetsWithJobCommand,
  CreateThingCommand,
  UpdateThingCommand,
  DeleteThingCommand,
  ChangeThingGroupsCommand,
  CreateThingGroupCommand,
  UpdateThingGroupCommand,
  DeleteThingGroupCommand,
  DescribeThingQuery,
  ListThingsQuery,
  DescribeThingGroupQuery,
  ListThingGroupsQuery,
  ListThingsInThingGroupQuery,
  ListThingGroupsForThingQuery,
  JobAbortReaction,
  JobRolloutReaction,
  PacedRollout,
  RolloutTimers,
  ScheduledEnds,
  type JobWideWorkPace,
  type Reaction,
  type ServiceIdentity,
} from '#jobs/application';
import { EventBridgeCronCalendar } from '#jobs/cron';
import { ManualClock } from '#testing';
import { CancelJobExecutionHandler } from '../../src/commands/cancel-job-execution/cancel-job-execution.handler.js';
import { CancelJobHandler } from '../../src/commands/cancel-job/cancel-job.handler.js';
import { CreateJobHandler } from '../../src/commands/create-job/create-job.handler.js';
import { CreateJobTemplateHandler } from '../../src/commands/create-job-template/create-job-template.handler.js';
import { DeleteJobTemplateHandler } from '../../src/commands/delete-job-template/delete-job-template.handler.js';
import { DescribeJobTemplateHandler } from '../../src/queries/describe-job-template/describe-job-template.handler.js';
import { ListJobTemplatesHandler } from '../../src/queries/list-job-templates/list-job-templates.handler.js';
import { TagResourceHandler } from '../../src/commands/tag-resource/tag-resource.handler.js';
import { UntagResourceHandler } from '../../src/commands/untag-resource/untag-resource.handler.js';
import { ListTagsForResourceHandler } from '../../src/queries/list-tags-for-resource/list-tags-for-resource.handler.js';
import { DeleteJobExecutionHandler } from '../../src/commands/delete-job-execution/delete-job-execution.handler.js';
import { DeleteJobHandler } from '../../src/commands/delete-job/delete-job.handler.js';
import { StartNextPendingJobExecutionHandler } from '../../src/commands/start-next-pending-job-execution/start-next-pending-job-execution.handler.js';
import { UpdateJobExecutionHandler } from '../../src/commands/update-job-execution/update-job-execution.handler.js';
import { DescribeJobExecutionHandler } from '../../src/queries/describe-job-execution/describe-job-execution.handler.js';
import { DescribeJobHandler } from '../../src/queries/describe-job/describe-job.handler.js';
import { DescribeNextPendingJobExecutionHandler } from '../../src/queries/describe-next-pending-job-execution/describe-next-pending-job-execution.handler.js';
import { GetPendingJobExecutionsHandler } from '../../src/queries/get-pending-job-executions/get-pending-job-executions.handler.js';
import { ListJobExecutionsForJobHandler } from '../../src/queries/list-job-executions-for-job/list-job-executions-for-job.handler.js';
import { ListJobExecutionsForThingHandler } from '../../src/queries/list-job-executions-for-thing/list-job-executions-for-thing.handler.js';
import { ListJobsHandler } from '../../src/queries/list-jobs/list-jobs.handler.js';
import { JobTargets } from '../../src/support/job-targets.js';
import { UpdateJobHandler } from '../../src/commands/update-job/update-job.handler.js';
import { GetJobDocumentHandler } from '../../src/queries/get-job-document/get-job-document.handler.js';
import { AssociateTargetsWithJobHandler } from '../../src/commands/associate-targets-with-job/associate-targets-with-job.handler.js';
import { CreateThingHandler } from '../../src/commands/create-thing/create-thing.handler.js';
import { UpdateThingHandler } from '../../src/commands/update-thing/update-thing.handler.js';
import { DeleteThingHandler } from '../../src/commands/delete-thing/delete-thing.handler.js';
import { ChangeThingGroupsHandler } from '../../src/commands/change-thing-groups/change-thing-groups.handler.js';
import { CreateThingGroupHandler } from '../../src/commands/create-thing-group/create-thing-group.handler.js';
import { UpdateThingGroupHandler } from '../../src/commands/update-thing-group/update-thing-group.handler.js';
import { DeleteThingGroupHandler } from '../../src/commands/delete-thing-group/delete-thing-group.handler.js';
import { DescribeThingHandler } from '../../src/queries/describe-thing/describe-thing.handler.js';
import { ListThingsHandler } from '../../src/queries/list-things/list-things.handler.js';
import { DescribeThingGroupHandler } from '../../src/queries/describe-thing-group/describe-thing-group.handler.js';
import { ListThingGroupsHandler } from '../../src/queries/list-thing-groups/list-thing-groups.handler.js';
import { ListThingsInThingGroupHandler } from '../../src/queries/list-things-in-thing-group/list-things-in-thing-group.handler.js';
import { ListThingGroupsForThingHandler } from '../../src/queries/list-thing-groups-for-thing/list-thing-groups-for-thing.handler.js';
import { ThingTargetsReaction } from '../../src/reactions/thing-targets.reaction.js';
import { ThingReach } from '../../src/support/thing-reach.js';
import { RegistryStreams } from '../../src/support/registry-streams.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { InMemoryJobsReadModel } from './in-memory-jobs-read-model.js';
import { InMemoryContinuousJobsReadModel, InMemoryRegistryReadModel } from './in-memory-registry-read-model.js';
import { Outcome } from './outcome.js';

/** A command or query class, the key its handler is found by. */
type MessageClass = abstract new (...args: never[]) => unknown;

/** The fixed instant every scenario starts at; tests move the clock from there. */
export const T0 = new Date('2026-03-01T12:00:00.000Z');
export const IDENTITY: ServiceIdentity = { region: 'eu-west-1', accountId: '123456789012' };
/** Pacing that never waits, two changes at a time (so a sweep's batches are visible). */
export const UNPACED: JobWideWorkPace = { executionsPerSecond: 1_000_000, concurrency: 2 };
/** Group rollouts queue two executions per chunk, so the chunks (and their cursors) are visible. */
export const ROLLOUT_CHUNK = 2;
/** The service's own cron calendar: window arithmetic is tested on real cron expressions. */
export const CALENDAR = new EventBridgeCronCalendar();

type Message<R> = Command<R> | Query<R>;
type Handler = { execute(message: never): Promise<unknown> };

/**
 * One instance of the jobs use cases, wired by hand (no Nest container) to in-memory ports and a
 * fixed clock. Given/When/Then:
 * - given: `given(...commands)` runs commands first, `givenReacted(reaction, since)` a reaction;
 *   `givenEvents(stream, events)` stores events as they are (no handler involved, nothing kept in
 *   memory by the use cases);
 * - when: `when(message)` or `whenReacting(reaction, since)` returns an Outcome;
 * - then: the Outcome's assertions on the events appended, the result or the domain error.
 */
export class UseCaseApp {
  readonly readModel: InMemoryJobsReadModel;
  readonly jobs: JobStreams;
  readonly templates: JobTemplateStreams;
  readonly executions: ExecutionStreams;
  readonly progress: JobProgressReaction;
  readonly jobWideWork: JobWideWorkReaction;
  readonly timeouts: ExecutionTimeouts;
  readonly registry: InMemoryRegistryReadModel;
  readonly continuousJobs: InMemoryContinuousJobsReadModel;
  readonly registryStreams: RegistryStreams;
  readonly abort: JobAbortReaction;
  readonly rollout: JobRolloutReaction;
  readonly rolloutTimers: RolloutTimers;
  readonly scheduledEnds: ScheduledEnds;
  readonly thingTargets: ThingTargetsReaction;
  /** THING_TARGETS=any, so job tests may target things the registry does not hold. */
  readonly targets: JobTargets;
  private readonly handlers = new Map<MessageClass, Handler>();

  constructor(
    readonly store = new InMemoryEventStore(),
    readonly clock = new ManualClock(T0),
    readonly pace: JobWideWorkPace = UNPACED,
  ) {
    this.readModel = new InMemoryJobsReadModel(store, IDENTITY);
    this.jobs = new JobStreams(store, clock);
    this.templates = new JobTemplateStreams(store, clock);
    this.executions = new ExecutionStreams(store, clock);
    this.jobWideWork = new JobWideWorkReaction(this.jobs, this.executions, this.readModel, pace);
    this.timeouts = new ExecutionTimeouts(this.readModel, this.executions, clock);
    this.registry = new InMemoryRegistryReadModel(store, IDENTITY);
    this.continuousJobs = new InMemoryContinuousJobsReadModel(this.readModel);
    this.registryStreams = new RegistryStreams(store, clock);
    const reach = new ThingReach(this.registry, this.registryStreams, IDENTITY);
    this.progress = new JobProgressReaction(this.jobs, this.executions, this.readModel, reach);
    this.targets = new JobTargets(this.registry, IDENTITY, { thingTargets: 'any' });
    this.abort = new JobAbortReaction(this.jobs, this.readModel);
    const settings = { chunkSize: ROLLOUT_CHUNK };
    const paced = new PacedRollout(this.jobs, this.executions, store, this.registry, this.continuousJobs, this.readModel, IDENTITY, clock, CALENDAR);
    this.rollout = new JobRolloutReaction(this.jobs, this.executions, store, this.registry, this.continuousJobs, IDENTITY, settings, clock, paced);
    this.rolloutTimers = new RolloutTimers(this.readModel, this.rollout, settings, clock);
    this.scheduledEnds = new ScheduledEnds(this.readModel, this.jobs, clock);
    this.thingTargets = new ThingTargetsReaction(this.jobs, this.executions, this.readModel, reach, this.continuousJobs, IDENTITY);
    this.wireHandlers();
    this.wireRegistryHandlers();
  }

  /** Another instance of the service (its own kept states) over the same store and clock. */
  elsewhere(): UseCaseApp {
    return new UseCaseApp(this.store, this.clock, this.pace);
  }

  /** Sends a command or query to its handler, as the command and query buses would. */
  send<R>(message: Message<R>): Promise<R> {
    const handler = this.handlers.get(message.constructor as MessageClass);
    if (handler === undefined) throw new Error(`No handler for ${message.constructor.name}`);
    return handler.execute(message as never) as Promise<R>;
  }

  /** Given: these commands were handled, in order (each must succeed). */
  async given(...messages: Array<Message<unknown>>): Promise<void> {
    for (const message of messages) await this.send(message);
  }

  /** Given: these events are stored on the stream (after what it holds). */
  async givenEvents(streamId: string, events: ReadonlyArray<{ type: string; data: object }>): Promise<void> {
    await this.store.append({
      streamId,
      expectedVersion: 'any',
      events: events.map((event) => ({ eventId: randomUUID(), type: event.type, data: event.data as Record<string, unknown> })),
    });
  }

  /** Given: the reaction has handled the events of its types committed after `since`. */
  async givenReacted(reaction: Reaction, since: number): Promise<void> {
    const batch = this.store.since(since).filter((event) => reaction.eventTypes.has(event.type));
    await reaction.react(batch, new AbortController().signal);
  }

  /** When: the message is handled. The Outcome holds what it appended, its result or its error. */
  when<R>(message: Message<R>): Promise<Outcome<R>> {
    return this.capture(() => this.send(message));
  }

  /**
   * When: the reaction is fed the events of its types committed after `since` (a store position),
   * as its subscription would deliver them.
   */
  whenReacting(reaction: Reaction, since: number, stopping: AbortSignal = new AbortController().signal): Promise<Outcome<void>> {
    const batch = this.store.since(since).filter((event) => reaction.eventTypes.has(event.type));
    return this.capture(() => reaction.react(batch, stopping));
  }

  /** When: the service does this on its own (a timer fires, say). */
  whenRunning<R>(run: () => Promise<R>): Promise<Outcome<R>> {
    return this.capture(run);
  }

  private async capture<R>(run: () => Promise<R>): Promise<Outcome<R>> {
    const before = this.store.position();
    try {
      const result = await run();
      return new Outcome(this.store.since(before), { result });
    } catch (error) {
      return new Outcome<R>(this.store.since(before), { error });
    }
  }

  private wireHandlers(): void {
    const { store, readModel, jobs, executions, clock, templates } = this;
    const wiring: Array<[MessageClass, Handler]> = [
      [CreateJobCommand, new CreateJobHandler(jobs, executions, store, IDENTITY, clock, this.targets, templates, CALENDAR)],
      [CreateJobTemplateCommand, new CreateJobTemplateHandler(templates, jobs, IDENTITY, CALENDAR, clock)],
      [DeleteJobTemplateCommand, new DeleteJobTemplateHandler(templates)],
      [DescribeJobTemplateQuery, new DescribeJobTemplateHandler(readModel)],
      [ListJobTemplatesQuery, new ListJobTemplatesHandler(readModel)],
      [TagResourceCommand, new TagResourceHandler(jobs, templates, this.registryStreams, IDENTITY)],
      [UntagResourceCommand, new UntagResourceHandler(jobs, templates, this.registryStreams, IDENTITY)],
      [ListTagsForResourceQuery, new ListTagsForResourceHandler(readModel, IDENTITY)],
      [CancelJobCommand, new CancelJobHandler(jobs, IDENTITY)],
      [DeleteJobCommand, new DeleteJobHandler(jobs, readModel)],
      [CancelJobExecutionCommand, new CancelJobExecutionHandler(executions)],
      [DeleteJobExecutionCommand, new DeleteJobExecutionHandler(executions)],
      [StartNextPendingJobExecutionCommand, new StartNextPendingJobExecutionHandler(executions, readModel, clock)],
      [UpdateJobExecutionCommand, new UpdateJobExecutionHandler(executions, readModel)],
      [DescribeJobQuery, new DescribeJobHandler(readModel, CALENDAR, clock)],
      [ListJobsQuery, new ListJobsHandler(readModel, this.registry)],
      [DescribeJobExecutionQuery, new DescribeJobExecutionHandler(readModel)],
      [DescribeNextPendingJobExecutionQuery, new DescribeNextPendingJobExecutionHandler(readModel)],
      [GetPendingJobExecutionsQuery, new GetPendingJobExecutionsHandler(readModel)],
      [ListJobExecutionsForJobQuery, new ListJobExecutionsForJobHandler(readModel)],
      [ListJobExecutionsForThingQuery, new ListJobExecutionsForThingHandler(readModel)],
      [UpdateJobCommand, new UpdateJobHandler(jobs)],
      [GetJobDocumentQuery, new GetJobDocumentHandler(readModel)],
      [AssociateTargetsWithJobCommand, new AssociateTargetsWithJobHandler(jobs, executions, store, this.targets, IDENTITY, clock)],
    ];
    for (const [message, handler] of wiring) this.handlers.set(message, handler);
  }

  private wireRegistryHandlers(): void {
    const { registry, registryStreams: streams } = this;
    const wiring: Array<[MessageClass, Handler]> = [
      [CreateThingCommand, new CreateThingHandler(streams, IDENTITY)],
      [UpdateThingCommand, new UpdateThingHandler(streams)],
      [DeleteThingCommand, new DeleteThingHandler(streams)],
      [ChangeThingGroupsCommand, new ChangeThingGroupsHandler(streams, registry)],
      [CreateThingGroupCommand, new CreateThingGroupHandler(streams, IDENTITY)],
      [UpdateThingGroupCommand, new UpdateThingGroupHandler(streams)],
      [DeleteThingGroupCommand, new DeleteThingGroupHandler(streams, registry)],
      [DescribeThingQuery, new DescribeThingHandler(registry)],
      [ListThingsQuery, new ListThingsHandler(registry)],
      [DescribeThingGroupQuery, new DescribeThingGroupHandler(registry)],
      [ListThingGroupsQuery, new ListThingGroupsHandler(registry)],
      [ListThingsInThingGroupQuery, new ListThingsInThingGroupHandler(registry)],
      [ListThingGroupsForThingQuery, new ListThingGroupsForThingHandler(registry)],
    ];
    for (const [message, handler] of wiring) this.handlers.set(message, handler);
  }
}
