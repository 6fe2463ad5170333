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
  ListJobExecutionsForJobQuery,
  ListJobExecutionsForThingQuery,
  ListJobsQuery,
  StartNextPendingJobExecutionCommand,
  UpdateJobExecutionCommand,
  type JobWideWorkPace,
  type Reaction,
  type ServiceIdentity,
} from '#jobs/application';
import { ManualClock } from '#testing';
import { CancelJobExecutionHandler } from '../../src/commands/cancel-job-execution/cancel-job-execution.handler.js';
import { CancelJobHandler } from '../../src/commands/cancel-job/cancel-job.handler.js';
import { CreateJobHandler } from '../../src/commands/create-job/create-job.handler.js';
import { CreateJobTemplateHandler } from '../../src/commands/create-job-template/create-job-template.handler.js';
import { DeleteJobTemplateHandler } from '../../src/commands/delete-job-template/delete-job-template.handler.js';
import { DescribeJobTemplateHandler } from '../../src/queries/describe-job-template/describe-job-template.handler.js';
import { ListJobTemplatesHandler } from '../../src/queries/list-job-templates/list-job-templates.handler.js';
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
import type { RegistryReadModel } from '../../src/ports/registry-read-model.port.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { InMemoryJobsReadModel } from './in-memory-jobs-read-model.js';
import { Outcome } from './outcome.js';

/** A command or query class, the key its handler is found by. */
type MessageClass = abstract new (...args: never[]) => unknown;

/** The fixed instant every scenario starts at; tests move the clock from there. */
export const T0 = new Date('2026-03-01T12:00:00.000Z');
export const IDENTITY: ServiceIdentity = { region: 'eu-west-1', accountId: '123456789012' };
/** Pacing that never waits, two changes at a time (so a sweep's batches are visible). */
export const UNPACED: JobWideWorkPace = { executionsPerSecond: 1_000_000, concurrency: 2 };

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
    this.progress = new JobProgressReaction(this.jobs, this.executions, this.readModel);
    this.jobWideWork = new JobWideWorkReaction(this.jobs, this.executions, this.readModel, pace);
    this.timeouts = new ExecutionTimeouts(this.readModel, this.executions, clock);
    this.wireHandlers();
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
      [CreateJobCommand, new CreateJobHandler(jobs, executions, store, IDENTITY, clock, ANY_THING_TARGETS, templates)],
      [CreateJobTemplateCommand, new CreateJobTemplateHandler(templates, jobs, IDENTITY)],
      [DeleteJobTemplateCommand, new DeleteJobTemplateHandler(templates)],
      [DescribeJobTemplateQuery, new DescribeJobTemplateHandler(readModel)],
      [ListJobTemplatesQuery, new ListJobTemplatesHandler(readModel)],
      [CancelJobCommand, new CancelJobHandler(jobs, IDENTITY)],
      [DeleteJobCommand, new DeleteJobHandler(jobs, readModel)],
      [CancelJobExecutionCommand, new CancelJobExecutionHandler(executions)],
      [DeleteJobExecutionCommand, new DeleteJobExecutionHandler(executions)],
      [StartNextPendingJobExecutionCommand, new StartNextPendingJobExecutionHandler(executions, readModel, clock)],
      [UpdateJobExecutionCommand, new UpdateJobExecutionHandler(executions, readModel)],
      [DescribeJobQuery, new DescribeJobHandler(readModel)],
      [ListJobsQuery, new ListJobsHandler(readModel)],
      [DescribeJobExecutionQuery, new DescribeJobExecutionHandler(readModel)],
      [DescribeNextPendingJobExecutionQuery, new DescribeNextPendingJobExecutionHandler(readModel)],
      [GetPendingJobExecutionsQuery, new GetPendingJobExecutionsHandler(readModel)],
      [ListJobExecutionsForJobQuery, new ListJobExecutionsForJobHandler(readModel)],
      [ListJobExecutionsForThingQuery, new ListJobExecutionsForThingHandler(readModel)],
    ];
    for (const [message, handler] of wiring) this.handlers.set(message, handler);
  }
}

/**
 * Jobs of these use-case tests target things by ARN and no group: an empty registry and the
 * THING_TARGETS=any policy keep CreateJob as it was. (The registry is tested end to end.)
 */
const EMPTY_REGISTRY = { groupRefs: async () => [], existingThings: async () => new Set<string>() } as unknown as RegistryReadModel;
const ANY_THING_TARGETS = new JobTargets(EMPTY_REGISTRY, IDENTITY, { thingTargets: 'any' });
