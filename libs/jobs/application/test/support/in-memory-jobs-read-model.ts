import {
  JobsReadModel,
  jobArn,
  jobTemplateArn,
  type ExecutionKey,
  type JobTemplateView,
  type JobExecutionStatus,
  type JobExecutionView,
  type JobStatus,
  type JobView,
  type Page,
  type ServiceIdentity,
} from '#jobs/application';
import {
  foldEvents,
  isPendingExecutionStatus,
  jobDecider,
  jobExecutionDecider,
  jobTemplateDecider,
  jobStreamId,
  jobTemplateStreamId,
  thingGroupDecider,
  thingGroupStreamId,
  type ThingGroupEvent,
  type JobTemplateEvent,
  type StreamType,
  jobProcessDetails,
  processingTargets,
  streamTypeOf,
  type Job,
  type JobEvent,
  type JobExecution,
  type ExecutionOutcomeCounts,
  type JobExecutionEvent,
  type ResourceTag,
  type TaggableResource,
  type TimeoutConfig,
} from '#jobs/domain';
import type { InMemoryEventStore, StoredEvent } from './in-memory-event-store.js';

/** A row of a view: `seq` orders it (creation or queueing order) and is what a cursor points after. */
interface Row<T> {
  seq: number;
  item: T;
}

interface ExecutionRow extends Row<JobExecutionView> {
  /** The (job, thing)'s latest execution not deleted: what lists and counters show. */
  isLatest: boolean;
}

/**
 * The JobsReadModel port over an InMemoryEventStore: every query folds the stored streams with the
 * domain's deciders, so the views can never lag or disagree with the events. Slow on purpose
 * (fine for tests): the point is to be obviously right.
 */
export class InMemoryJobsReadModel extends JobsReadModel {
  constructor(
    private readonly store: InMemoryEventStore,
    private readonly identity: ServiceIdentity,
  ) {
    super();
  }

  async findJob(jobId: string): Promise<JobView | undefined> {
    return this.jobRows().find((row) => row.item.jobId === jobId)?.item;
  }

  async jobExists(jobId: string): Promise<boolean> {
    return (await this.findJob(jobId)) !== undefined;
  }

  async findJobDocument(jobId: string): Promise<string | undefined> {
    return (await this.findJob(jobId))?.document;
  }

  async listJobs(filter: {
    status?: JobStatus;
    targetSelection?: 'SNAPSHOT' | 'CONTINUOUS';
    targetArn?: string;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobView>> {
    const rows = this.jobRows().filter(
      ({ item }) =>
        (filter.status === undefined || item.status === filter.status) &&
        (filter.targetSelection === undefined || item.targetSelection === filter.targetSelection) &&
        (filter.targetArn === undefined || item.targets.includes(filter.targetArn)),
    );
    return pageOf(rows, filter.maxResults, filter.cursor);
  }

  async findExecution(key: ExecutionKey, executionNumber?: number): Promise<JobExecutionView | undefined> {
    const matching = this.executionRows()
      .map((row) => row.item)
      .filter((view) => view.jobId === key.jobId && view.thingName === key.thingName)
      .filter((view) => executionNumber === undefined || view.executionNumber === executionNumber);
    return matching.sort((a, b) => b.executionNumber - a.executionNumber)[0];
  }

  async listExecutionsForJob(filter: {
    jobId: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>> {
    const rows = this.executionRows().filter(
      ({ item, isLatest }) => isLatest && item.jobId === filter.jobId && (filter.status === undefined || item.status === filter.status),
    );
    return pageOf(rows, filter.maxResults, filter.cursor);
  }

  /** Every attempt when a job is named, else only each job's latest one. */
  async listExecutionsForThing(filter: {
    thingName: string;
    jobId?: string;
    status?: JobExecutionStatus;
    maxResults: number;
    cursor?: string;
  }): Promise<Page<JobExecutionView>> {
    const rows = this.executionRows().filter(
      ({ item, isLatest }) =>
        item.thingName === filter.thingName &&
        (filter.status === undefined || item.status === filter.status) &&
        (filter.jobId === undefined ? isLatest : item.jobId === filter.jobId),
    );
    return pageOf(rows, filter.maxResults, filter.cursor);
  }

  async pendingExecutions(thingName: string): Promise<JobExecutionView[]> {
    return this.executionRows()
      .map((row) => row.item)
      .filter((view) => view.thingName === thingName && isPendingExecutionStatus(view.status));
  }

  async cancelableExecutions(filter: { jobId: string; force: boolean; afterThingName?: string; limit: number }): Promise<string[]> {
    const names = this.latestOf(filter.jobId)
      .filter((view) => view.status === 'QUEUED' || (filter.force && view.status === 'IN_PROGRESS'))
      .map((view) => view.thingName)
      .filter((name) => filter.afterThingName === undefined || name > filter.afterThingName);
    return names.sort().slice(0, filter.limit);
  }

  async thingsWithExecutions(filter: { jobId: string; limit: number }): Promise<string[]> {
    return this.latestOf(filter.jobId)
      .map((view) => view.thingName)
      .sort()
      .slice(0, filter.limit);
  }

  async latestExecutionStatuses(jobId: string): Promise<JobExecutionStatus[]> {
    return this.latestOf(jobId).map((view) => view.status);
  }

  async hasPendingExecution(jobId: string): Promise<boolean> {
    return this.latestOf(jobId).some((view) => isPendingExecutionStatus(view.status));
  }

  async executionOutcomeCounts(jobId: string): Promise<ExecutionOutcomeCounts> {
    const ended = this.executionRows()
      .filter((row) => row.item.jobId === jobId)
      .map((row) => row.item.status);
    const count = (status: JobExecutionStatus): number => ended.filter((s) => s === status).length;
    return { succeeded: count('SUCCEEDED'), failed: count('FAILED'), rejected: count('REJECTED'), timedOut: count('TIMED_OUT') };
  }

  async jobTimeoutConfig(jobId: string): Promise<TimeoutConfig | undefined> {
    const job = await this.findJob(jobId);
    return job ? (job.timeoutConfig ?? {}) : undefined;
  }

  async findJobTemplate(jobTemplateId: string): Promise<JobTemplateView | undefined> {
    return this.templateRows().find((row) => row.item.jobTemplateId === jobTemplateId)?.item;
  }

  async listJobTemplates(filter: { maxResults: number; cursor?: string }): Promise<Page<JobTemplateView>> {
    return pageOf(this.templateRows(), filter.maxResults, filter.cursor);
  }

  async listTags(resource: TaggableResource): Promise<ResourceTag[] | undefined> {
    if (resource.kind === 'job') {
      const events = this.streams('job').get(jobStreamId(resource.jobId)) ?? [];
      const { job } = foldEvents(jobDecider, domainEvents<JobEvent>(events));
      return job ? [...(job.tags ?? [])] : undefined;
    }
    if (resource.kind === 'thingGroup') {
      const events = this.streams('thing-group').get(thingGroupStreamId(resource.thingGroupName)) ?? [];
      const { group } = foldEvents(thingGroupDecider, domainEvents<ThingGroupEvent>(events));
      return group ? [...group.tags] : undefined;
    }
    const events = this.streams('job-template').get(jobTemplateStreamId(resource.jobTemplateId)) ?? [];
    const { template } = foldEvents(jobTemplateDecider, domainEvents<JobTemplateEvent>(events));
    return template ? [...(template.tags ?? [])] : undefined;
  }

  private templateRows(): Array<Row<JobTemplateView>> {
    const rows: Array<Row<JobTemplateView>> = [];
    for (const [, events] of this.streams('job-template')) {
      const { template } = foldEvents(jobTemplateDecider, domainEvents<JobTemplateEvent>(events));
      if (template === undefined) continue;
      const { createdAt, tags: _tags, ...content } = template;
      const created = events.findLast((event) => event.type === 'JobTemplateCreated')!;
      rows.push({ seq: created.position, item: { ...content, createdAt, jobTemplateArn: jobTemplateArn(this.identity, template.jobTemplateId) } });
    }
    return rows.sort((a, b) => a.seq - b.seq);
  }

  async jobsBeingDeleted(): Promise<number> {
    return this.jobRows().filter((row) => row.item.status === 'DELETION_IN_PROGRESS').length;
  }

  async dueTimeouts(now: Date, limit: number): Promise<Array<ExecutionKey & { executionNumber: number }>> {
    return this.executionRows()
      .map((row) => row.item)
      .filter((view) => view.status === 'IN_PROGRESS' && view.timeoutAt !== undefined && view.timeoutAt.getTime() <= now.getTime())
      .sort((a, b) => a.timeoutAt!.getTime() - b.timeoutAt!.getTime())
      .slice(0, limit)
      .map(({ jobId, thingName, executionNumber }) => ({ jobId, thingName, executionNumber }));
  }

  async dueScheduledStarts(now: Date, limit: number): Promise<string[]> {
    return this.dueJobs(now, limit, (job) => (job.status === 'SCHEDULED' ? job.startAt : undefined));
  }

  async dueScheduledEnds(now: Date, limit: number): Promise<string[]> {
    return this.dueJobs(now, limit, (job) => (job.status === 'IN_PROGRESS' && job.rolloutStoppedAt === undefined ? job.endAt : undefined));
  }

  /** The jobs whose instant (`timer`, undefined when none runs) is at or before `now`, the longest due first. */
  private dueJobs(now: Date, limit: number, timer: (job: Job) => string | undefined): string[] {
    const due: Array<{ jobId: string; at: number }> = [];
    for (const [, events] of this.streams('job')) {
      const { job } = foldEvents(jobDecider, domainEvents<JobEvent>(events));
      const instant = job && timer(job);
      if (instant !== undefined && Date.parse(instant) <= now.getTime()) due.push({ jobId: job!.jobId, at: Date.parse(instant) });
    }
    return due
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map((job) => job.jobId);
  }

  async dueRollouts(now: Date, limit: number): Promise<string[]> {
    const due: Array<{ jobId: string; at: number }> = [];
    for (const [, events] of this.streams('job')) {
      const { job } = foldEvents(jobDecider, domainEvents<JobEvent>(events));
      const pace = job?.rollout?.pace;
      const at = pace?.nextAt === undefined ? 0 : Date.parse(pace.nextAt);
      if (job && pace && at <= now.getTime()) due.push({ jobId: job.jobId, at });
    }
    return due
      .sort((a, b) => a.at - b.at)
      .slice(0, limit)
      .map((job) => job.jobId);
  }

  async nextRolloutDueAfter(after: Date): Promise<Date | undefined> {
    let earliest: number | undefined;
    for (const [, events] of this.streams('job')) {
      const nextAt = foldEvents(jobDecider, domainEvents<JobEvent>(events)).job?.rollout?.pace?.nextAt;
      const at = nextAt === undefined ? undefined : Date.parse(nextAt);
      if (at !== undefined && at > after.getTime() && (earliest === undefined || at < earliest)) earliest = at;
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  /** The latest execution of each thing of the job. */
  private latestOf(jobId: string): JobExecutionView[] {
    return this.executionRows()
      .filter((row) => row.isLatest && row.item.jobId === jobId)
      .map((row) => row.item);
  }

  private jobRows(): Array<Row<JobView>> {
    const executions = this.executionRows();
    const rows: Array<Row<JobView>> = [];
    for (const [, events] of this.streams('job')) {
      const { job } = foldEvents(jobDecider, domainEvents<JobEvent>(events));
      if (job === undefined) continue;
      const latest = executions.filter((row) => row.isLatest && row.item.jobId === job.jobId).map((row) => row.item);
      const created = events.findLast((event) => event.type === 'JobCreated')!;
      rows.push({ seq: created.position, item: this.jobView(job, latest) });
    }
    return rows.sort((a, b) => a.seq - b.seq);
  }

  private executionRows(): ExecutionRow[] {
    const rows: ExecutionRow[] = [];
    for (const [, events] of this.streams('job-execution')) {
      const { executions } = foldEvents(jobExecutionDecider, domainEvents<JobExecutionEvent>(events));
      executions.forEach((execution, index) => {
        const queued = events.find((event) => event.type === 'JobExecutionQueued' && event.data['executionNumber'] === execution.executionNumber)!;
        rows.push({ seq: queued.position, item: executionView(execution), isLatest: index === executions.length - 1 });
      });
    }
    return rows.sort((a, b) => a.seq - b.seq);
  }

  private streams(type: StreamType): Map<string, StoredEvent[]> {
    const streams = new Map<string, StoredEvent[]>();
    for (const event of this.store.all()) {
      if (streamTypeOf(event.streamId) !== type) continue;
      streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
    }
    return streams;
  }

  private jobView(job: Job, latest: readonly JobExecutionView[]): JobView {
    // Job-wide work is under way: a deletion until the job is gone, a cancel while some execution
    // it cancels (QUEUED, or IN_PROGRESS after a force cancel) is not CANCELED yet.
    const isConcurrent =
      job.rollout !== undefined ||
      job.status === 'DELETION_IN_PROGRESS' ||
      (job.status === 'CANCELED' && latest.some((view) => view.status === 'QUEUED' || (job.forceCanceled && view.status === 'IN_PROGRESS')));
    return {
      jobId: job.jobId,
      jobArn: jobArn(this.identity, job.jobId),
      status: job.status,
      targetSelection: job.targetSelection,
      targets: [...job.targets],
      ...(job.document !== undefined ? { document: job.document } : {}),
      ...(job.documentSource !== undefined ? { documentSource: job.documentSource } : {}),
      ...(job.description !== undefined ? { description: job.description } : {}),
      ...(job.comment !== undefined ? { comment: job.comment } : {}),
      ...(job.reasonCode !== undefined ? { reasonCode: job.reasonCode } : {}),
      forceCanceled: job.forceCanceled,
      isConcurrent,
      ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
      ...(job.abortConfig ? { abortConfig: job.abortConfig } : {}),
      ...(job.jobExecutionsRolloutConfig ? { jobExecutionsRolloutConfig: job.jobExecutionsRolloutConfig } : {}),
      ...(job.schedulingConfig ? { schedulingConfig: job.schedulingConfig } : {}),
      ...(job.jobTemplateArn !== undefined ? { jobTemplateArn: job.jobTemplateArn } : {}),
      createdAt: job.createdAt,
      lastUpdatedAt: job.lastUpdatedAt,
      ...(job.completedAt ? { completedAt: job.completedAt } : {}),
      jobProcessDetails: {
        ...jobProcessDetails(latest.map((view) => view.status)),
        ...(job.rollout ? { processingTargets: [...processingTargets(job)] } : {}),
      },
    };
  }
}

function executionView(execution: JobExecution): JobExecutionView {
  return {
    jobId: execution.jobId,
    thingName: execution.thingName,
    thingArn: execution.thingArn,
    executionNumber: execution.executionNumber,
    status: execution.status,
    forceCanceled: execution.forceCanceled,
    statusDetails: { ...execution.statusDetails },
    versionNumber: execution.versionNumber,
    retryAttempt: execution.retryAttempt,
    queuedAt: execution.queuedAt,
    ...(execution.startedAt ? { startedAt: execution.startedAt } : {}),
    lastUpdatedAt: execution.lastUpdatedAt,
    ...(execution.timeoutAt ? { timeoutAt: execution.timeoutAt } : {}),
  };
}

function domainEvents<E>(events: readonly StoredEvent[]): E[] {
  return events.map((event) => ({ type: event.type, data: event.data }) as E);
}

/** Keyset paging: the cursor names the last row returned (opaque to callers). */
function pageOf<T>(rows: ReadonlyArray<Row<T>>, maxResults: number, cursor: string | undefined): Page<T> {
  const after = cursor === undefined ? 0 : Number(Buffer.from(cursor, 'base64url').toString().replace('after:', ''));
  const rest = rows.filter((row) => row.seq > after);
  const items = rest.slice(0, maxResults);
  const nextCursor = rest.length > maxResults ? Buffer.from(`after:${items.at(-1)!.seq}`).toString('base64url') : undefined;
  return { items: items.map((row) => row.item), ...(nextCursor !== undefined ? { nextCursor } : {}) };
}
