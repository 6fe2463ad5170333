import { Injectable } from '@nestjs/common';
import { initialJobExecutionState, jobExecutionStreamId, type JobCommand, type JobEventType } from '#jobs/domain';
import { EventStore, StreamConflictError, type StreamWrite } from '../ports/event-store.port.js';
import { ContinuousJobsReadModel, RegistryReadModel, RolloutSettings } from '../ports/registry-read-model.port.js';
import { Clock } from '../ports/clock.port.js';
import { ExecutionStreams } from '../support/execution-streams.js';
import { JobStreams } from '../support/job-streams.js';
import { PacedRollout } from '../support/paced-rollout.js';
import { ServiceIdentity, thingArn } from '../support/service-identity.js';
import { SERVICE_ACTOR, type Reaction, type ReactionEvent } from './reaction.js';

/**
 * The job events after which a job may have targets left to queue, a changed rate (JobUpdated), or
 * a rollout to close because the job stopped (so `processingTargets` empties at once).
 */
const ROLLOUT_EVENTS: ReadonlySet<JobEventType> = new Set([
  'JobCreated',
  'JobStarted',
  'JobTargetsAssociated',
  'JobRolloutAdvanced',
  'JobUpdated',
  'JobCanceled',
  'JobAborted',
]);

/**
 * Queues the executions of a job's thing-group targets, one chunk per transaction
 * (docs/aws-behaviour.md §15.2). Each chunk appends, together with its executions, a
 * JobRolloutAdvanced event carrying the cursor (the last (group, thing) queued) at the job
 * stream's version: a crash resumes after the last committed chunk, and of two instances racing
 * for a chunk only one commits (the other's append conflicts, and it reads again). A thing reached
 * through two targets is queued once: the chunk skips things the job already has an execution for.
 * A job with a rollout config is paced instead (PacedRollout): its chunks are as large as the rate
 * allows now, and the rollout timer fires the next one when it is due.
 */
@Injectable()
export class JobRolloutReaction implements Reaction {
  readonly name = 'job-rollout';
  readonly eventTypes: ReadonlySet<string> = ROLLOUT_EVENTS;

  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly store: EventStore,
    private readonly registry: RegistryReadModel,
    private readonly jobTargets: ContinuousJobsReadModel,
    private readonly identity: ServiceIdentity,
    private readonly settings: RolloutSettings,
    private readonly clock: Clock,
    private readonly paced: PacedRollout,
  ) {}

  async react(events: readonly ReactionEvent[], stopping: AbortSignal): Promise<void> {
    for (const jobId of new Set(events.map((event) => String(event.data['jobId'])))) {
      while (await this.nextChunk(jobId, this.settings.chunkSize)) stopping.throwIfAborted();
    }
  }

  /** Queues the next chunk of the job's group members; false once there is nothing left to do. */
  async nextChunk(jobId: string, chunkSize: number): Promise<boolean> {
    try {
      return await this.tryNextChunk(jobId, chunkSize);
    } catch (error) {
      if (error instanceof StreamConflictError) return true; // another writer moved first: read again
      throw error;
    }
  }

  private async tryNextChunk(jobId: string, chunkSize: number): Promise<boolean> {
    const loaded = await this.jobs.load(jobId);
    const job = loaded.state.job;
    if (job?.rollout === undefined) return false;
    const now = this.clock.now();
    const advance = (data: Omit<Extract<JobCommand, { type: 'AdvanceJobRollout' }>['data'], 'actor' | 'now'>): JobCommand => ({
      type: 'AdvanceJobRollout',
      data: { ...data, actor: SERVICE_ACTOR, now },
    });
    if (job.status !== 'IN_PROGRESS') {
      const { write } = this.jobs.plan(loaded, advance({ queued: 0, done: true }));
      if (write) await this.store.append(write);
      return false;
    }
    if (job.rollout.pace) return this.paced.nextChunk(loaded, job, chunkSize);
    const groups = await this.registry.subtrees(job.rollout.targets.map((arn) => arn.slice(arn.indexOf(':thinggroup/') + ':thinggroup/'.length)));
    const members = await this.registry.membersAfter(groups, job.rollout.cursor, chunkSize);
    const things = [...new Set(members.map((member) => member.thingName))];
    const existing = await this.jobTargets.thingsWithExecution(jobId, things);
    const fresh = things.filter((thingName) => !existing.has(thingName));
    const writes: StreamWrite[] = fresh.flatMap((thingName) => {
      const { write } = this.executions.plan(
        { streamId: jobExecutionStreamId(jobId, thingName), state: initialJobExecutionState(), version: 0 },
        {
          type: 'QueueJobExecution',
          data: {
            jobId,
            thingName,
            thingArn: thingArn(this.identity, thingName),
            reason: 'ROLLOUT',
            actor: SERVICE_ACTOR,
            now,
            ...(job.timeoutConfig ? { timeoutConfig: job.timeoutConfig } : {}),
          },
        },
      );
      return write ? [write] : [];
    });
    const done = members.length < chunkSize;
    const last = members.at(-1);
    const { write } = this.jobs.plan(loaded, advance({ queued: writes.length, done, ...(last && !done ? { cursor: last } : {}) }));
    await this.store.appendMany([write!, ...writes]);
    // A CONTINUOUS job re-queues things whose earlier execution was REMOVED (they rejoined).
    if (job.targetSelection === 'CONTINUOUS') await this.requeue(jobId, [...existing], job.timeoutConfig);
    return !done;
  }

  private async requeue(jobId: string, thingNames: string[], timeoutConfig: { inProgressTimeoutInMinutes?: number } | undefined) {
    for (const thingName of thingNames) {
      await this.executions.decide(jobId, thingName, (now) => ({
        type: 'QueueJobExecution',
        data: {
          jobId,
          thingName,
          thingArn: thingArn(this.identity, thingName),
          reason: 'REQUEUE',
          actor: SERVICE_ACTOR,
          now,
          ...(timeoutConfig ? { timeoutConfig } : {}),
        },
      }));
    }
  }
}
