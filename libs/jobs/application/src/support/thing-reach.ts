import { Injectable } from '@nestjs/common';
import { RegistryReadModel } from '../ports/registry-read-model.port.js';
import { RegistryStreams } from './registry-streams.js';
import { ServiceIdentity, thingArn, thingGroupArn } from './service-identity.js';

/** Why a thing no longer gets a job's executions, as RemoveJobExecution names it. */
export type LeftReason = 'LEFT_TARGETS' | 'THING_DELETED';

/**
 * Which of a job's targets reach a thing now, by the registry's current state
 * (docs/aws-behaviour.md §15.3): the thing's own ARN and the ARNs of its groups and their
 * ancestors. The thing-targets reaction compares these with CONTINUOUS jobs' targets; the
 * job-progress reaction asks before (and after) it queues a retry.
 */
@Injectable()
export class ThingReach {
  constructor(
    private readonly registry: RegistryReadModel,
    private readonly streams: RegistryStreams,
    private readonly identity: ServiceIdentity,
  ) {}

  /** Every target ARN that reaches the thing now; none for a thing not in the registry. */
  async reachingArns(thingName: string): Promise<Set<string>> {
    if ((await this.registry.findThing(thingName)) === undefined) return new Set();
    const groups = await this.registry.groupsReaching(thingName);
    return new Set([thingArn(this.identity, thingName), ...groups.map((group) => thingGroupArn(this.identity, group))]);
  }

  /**
   * Why the job's executions for the thing have ended for good, or undefined while the thing is
   * still the job's: a thing deleted since the execution `queuedAt` was queued leaves every job; a
   * thing reached by none of a CONTINUOUS job's targets leaves that job (a SNAPSHOT job keeps its
   * things, §15.2). A thing not registered otherwise (accepted as a direct target when any thing
   * ARN is, also after a deletion) stays with the jobs naming it.
   */
  async leftReason(job: { targetSelection: string; targets: readonly string[] }, thingName: string, queuedAt: Date): Promise<LeftReason | undefined> {
    const registered = (await this.registry.findThing(thingName)) !== undefined;
    if (!registered) {
      const deletedAt = await this.streams.thingDeletedAt(thingName);
      if (deletedAt !== undefined && deletedAt.getTime() >= queuedAt.getTime()) return 'THING_DELETED';
      if (job.targetSelection !== 'CONTINUOUS') return undefined;
      return job.targets.includes(thingArn(this.identity, thingName)) ? undefined : 'LEFT_TARGETS';
    }
    if (job.targetSelection !== 'CONTINUOUS') return undefined;
    const reaching = await this.reachingArns(thingName);
    return job.targets.some((arn) => reaching.has(arn)) ? undefined : 'LEFT_TARGETS';
  }
}
