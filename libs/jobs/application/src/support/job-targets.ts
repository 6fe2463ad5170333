import { Injectable } from '@nestjs/common';
import { DomainError, parseJobTarget, type JobTarget } from '#jobs/domain';
import { RegistryReadModel, TargetPolicy } from '../ports/registry-read-model.port.js';
import { ServiceIdentity } from './service-identity.js';

/**
 * Checks job targets against the registry before a job is created or gains targets
 * (docs/aws-behaviour.md §15.1): a malformed ARN, or one of another account or region, is
 * InvalidRequest; an unknown group (and, unless THING_TARGETS=any, an unknown thing) is
 * ResourceNotFound, and nothing is written.
 */
@Injectable()
export class JobTargets {
  constructor(
    private readonly registry: RegistryReadModel,
    private readonly identity: ServiceIdentity,
    private readonly policy: TargetPolicy,
  ) {}

  async validate(arns: readonly string[]): Promise<JobTarget[]> {
    const targets = [...new Set(arns)].map(parseJobTarget);
    for (const target of targets) {
      if (target.region !== this.identity.region || target.accountId !== this.identity.accountId) {
        const arn = target.kind === 'thing' ? target.thingArn : target.thingGroupArn;
        throw new DomainError(
          'InvalidRequest',
          `Target ${arn} is not in this account and region (${this.identity.accountId}, ${this.identity.region})`,
        );
      }
    }
    const groups = targets.flatMap((t) => (t.kind === 'group' ? [t.thingGroupName] : []));
    const found = new Set((await this.registry.groupRefs(groups)).map((ref) => ref.name));
    const missingGroup = groups.find((name) => !found.has(name));
    if (missingGroup !== undefined) throw new DomainError('ResourceNotFound', `Thing group ${missingGroup} does not exist`);
    if (this.policy.thingTargets === 'registered') {
      const things = targets.flatMap((t) => (t.kind === 'thing' ? [t.thingName] : []));
      const existing = await this.registry.existingThings(things);
      const missingThing = things.find((name) => !existing.has(name));
      if (missingThing !== undefined) throw new DomainError('ResourceNotFound', `Thing ${missingThing} does not exist`);
    }
    return targets;
  }
}
