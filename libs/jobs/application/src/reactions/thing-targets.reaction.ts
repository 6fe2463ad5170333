import { Injectable } from '@nestjs/common';
import type { ThingDeleted, ThingEventType, ThingGroupDeleted, ThingGroupEventType, ThingGroupMembershipChanged } from '#jobs/domain';
import { JobsReadModel } from '../ports/jobs-read-model.port.js';
import { ContinuousJobsReadModel } from '../ports/registry-read-model.port.js';
import { ExecutionStreams } from '../support/execution-streams.js';
import { JobStreams } from '../support/job-streams.js';
import { ServiceIdentity, thingArn, thingGroupArn } from '../support/service-identity.js';
import { ThingReach } from '../support/thing-reach.js';
import { SERVICE_ACTOR, type Reaction, type ReactionEvent } from './reaction.js';

const REGISTRY_CHANGES: ReadonlySet<ThingEventType | ThingGroupEventType> = new Set([
  'ThingGroupMembershipChanged',
  'ThingDeleted',
  'ThingGroupDeleted',
]);

const PAGE_SIZE = 500;

/**
 * Keeps executions in step with the registry (docs/aws-behaviour.md §15.3):
 * - a membership change: every CONTINUOUS job that now reaches the thing queues it (a REQUEUE,
 *   which only a thing without an execution or with a REMOVED one gets; none once the job's
 *   endTime stopped its rollout, §21.4), and every CONTINUOUS job that no longer reaches it has its
 *   pending execution REMOVED (also after such a stop). It compares the current registry
 *   with the jobs' targets, never the event's delta, so a replay converges to the same result and
 *   a move between two targeted groups (one event) removes nothing;
 * - a deleted thing: its pending executions of every job become REMOVED;
 * - a deleted group: the pending executions of CONTINUOUS jobs that reached things through it are
 *   checked again.
 */
@Injectable()
export class ThingTargetsReaction implements Reaction {
  readonly name = 'thing-targets';
  readonly eventTypes: ReadonlySet<string> = REGISTRY_CHANGES;

  constructor(
    private readonly jobs: JobStreams,
    private readonly executions: ExecutionStreams,
    private readonly readModel: JobsReadModel,
    private readonly reach: ThingReach,
    private readonly continuousJobs: ContinuousJobsReadModel,
    private readonly identity: ServiceIdentity,
  ) {}

  async react(events: readonly ReactionEvent[], stopping: AbortSignal): Promise<void> {
    for (const event of events as unknown as ReadonlyArray<ThingGroupMembershipChanged | ThingDeleted | ThingGroupDeleted>) {
      stopping.throwIfAborted();
      if (event.type === 'ThingGroupMembershipChanged') await this.reconcile(event.data.thingName);
      else if (event.type === 'ThingDeleted') await this.removeAll(event.data.thingName, new Date(event.data.at));
      else await this.groupDeleted(event.data);
    }
  }

  private async reconcile(thingName: string): Promise<void> {
    const reaching = await this.reach.reachingArns(thingName);
    for (const job of await this.continuousJobs.continuousJobsTargeting([...reaching])) {
      const { job: state } = (await this.jobs.load(job.jobId)).state;
      if (state?.rolloutStoppedAt !== undefined) continue; // its endTime stopped it: no joiners (DECISIONS.md 55)
      const timeoutConfig = state?.timeoutConfig;
      await this.executions.decide(job.jobId, thingName, (now) => ({
        type: 'QueueJobExecution',
        data: {
          jobId: job.jobId,
          thingName,
          thingArn: thingArn(this.identity, thingName),
          reason: 'REQUEUE',
          actor: SERVICE_ACTOR,
          now,
          ...(timeoutConfig ? { timeoutConfig } : {}),
        },
      }));
    }
    for (const pending of await this.readModel.pendingExecutions(thingName)) {
      const job = await this.continuousJobs.continuousJob(pending.jobId);
      if (job === undefined || job.targets.some((arn) => reaching.has(arn))) continue;
      await this.remove(pending.jobId, thingName, pending.executionNumber, 'LEFT_TARGETS');
    }
  }

  /** Only executions queued before the deletion: a thing created again since is a new thing with its own. */
  private async removeAll(thingName: string, deletedAt: Date): Promise<void> {
    for (const pending of await this.readModel.pendingExecutions(thingName)) {
      if (pending.queuedAt.getTime() > deletedAt.getTime()) continue;
      await this.remove(pending.jobId, thingName, pending.executionNumber, 'THING_DELETED');
    }
  }

  private async groupDeleted(deleted: ThingGroupDeleted['data']): Promise<void> {
    const arns = [deleted.thingGroupName, ...deleted.rootToParentThingGroups].map((group) => thingGroupArn(this.identity, group));
    for (const job of await this.continuousJobs.continuousJobsTargeting(arns)) {
      for (let after: string | undefined; ; ) {
        const page = await this.readModel.cancelableExecutions({ jobId: job.jobId, force: true, afterThingName: after, limit: PAGE_SIZE });
        if (page.length === 0) break;
        for (const thingName of page) {
          const reaching = await this.reach.reachingArns(thingName);
          if (!job.targets.some((arn) => reaching.has(arn))) await this.remove(job.jobId, thingName, undefined, 'LEFT_TARGETS');
        }
        after = page.at(-1);
      }
    }
  }

  private remove(jobId: string, thingName: string, executionNumber: number | undefined, reason: 'LEFT_TARGETS' | 'THING_DELETED') {
    return this.executions.decide(jobId, thingName, (now) => ({
      type: 'RemoveJobExecution',
      data: { reason, actor: SERVICE_ACTOR, now, ...(executionNumber !== undefined ? { executionNumber } : {}) },
    }));
  }
}
