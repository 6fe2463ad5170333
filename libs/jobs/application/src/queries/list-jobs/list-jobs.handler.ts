import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '#jobs/domain';
import { JobsReadModel } from '../../ports/jobs-read-model.port.js';
import { RegistryReadModel, type ThingGroupView } from '../../ports/registry-read-model.port.js';
import { ListJobsQuery, type ListJobsResult } from './list-jobs.query.js';

/** ListJobs, also of the jobs targeting one group named by name or id (docs/aws-behaviour.md §15.5). */
@QueryHandler(ListJobsQuery)
export class ListJobsHandler implements IQueryHandler<ListJobsQuery> {
  constructor(
    private readonly readModel: JobsReadModel,
    private readonly registry: RegistryReadModel,
  ) {}

  async execute({ input }: ListJobsQuery): Promise<ListJobsResult> {
    const { thingGroupName, thingGroupId, ...filter } = input;
    const group = await this.filterGroup(thingGroupName, thingGroupId);
    if (group === undefined) return this.readModel.listJobs(filter);
    const page = await this.readModel.listJobs({ ...filter, targetArn: group.thingGroupArn });
    return { ...page, thingGroupId: group.thingGroupId };
  }

  /** The group the filters name: an unknown one is ResourceNotFound, two different ones InvalidRequest. */
  private async filterGroup(thingGroupName: string | undefined, thingGroupId: string | undefined): Promise<ThingGroupView | undefined> {
    const byName = thingGroupName === undefined ? undefined : await this.registry.findGroup(thingGroupName);
    if (thingGroupName !== undefined && byName === undefined)
      throw new DomainError('ResourceNotFound', `Thing group ${thingGroupName} does not exist`);
    const byId = thingGroupId === undefined ? undefined : await this.registry.findGroupById(thingGroupId);
    if (thingGroupId !== undefined && byId === undefined)
      throw new DomainError('ResourceNotFound', `Thing group with id ${thingGroupId} does not exist`);
    if (byName !== undefined && byId !== undefined && byName.thingGroupId !== byId.thingGroupId) {
      throw new DomainError('InvalidRequest', `thingGroupName ${thingGroupName} and thingGroupId ${thingGroupId} name different thing groups`);
    }
    return byName ?? byId;
  }
}
