import { DomainError, parseTaggableArn, type TaggableResource } from '#jobs/domain';
import { ServiceIdentity } from './service-identity.js';

/**
 * The job or job template a resource ARN of TagResource, UntagResource or ListTagsForResource
 * names (docs/aws-behaviour.md §20). A malformed ARN, a thing or thing-group ARN, or one of another
 * account or region is InvalidRequest: this service holds only its own account's resources.
 */
export function taggableResource(arn: string, identity: ServiceIdentity): TaggableResource {
  const resource = parseTaggableArn(arn);
  if (resource.region !== identity.region || resource.accountId !== identity.accountId) {
    throw new DomainError('InvalidRequest', `${arn} is not in this account and region (${identity.accountId}, ${identity.region})`);
  }
  return resource;
}
