import { DomainError } from '../errors.js';

/** A resource TagResource, UntagResource and ListTagsForResource can name. */
export type TaggableResource =
  | { readonly kind: 'job'; readonly jobId: string; readonly region: string; readonly accountId: string }
  | { readonly kind: 'jobTemplate'; readonly jobTemplateId: string; readonly region: string; readonly accountId: string }
  | { readonly kind: 'thingGroup'; readonly thingGroupName: string; readonly region: string; readonly accountId: string };

const IOT_ARN = /^arn:aws(?:-[a-z]+)*:iot:([a-z0-9-]+):(\d{12}):([a-z]+)\/(.+)$/;
const RESOURCE_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const THING_GROUP_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

/**
 * The job, job template or static thing group a resource ARN names (docs/aws-behaviour.md §20.3).
 * Things cannot carry tags in AWS: a thing ARN is InvalidRequest, as is any other or malformed
 * ARN. Whether the account and region are this service's is the caller's check.
 */
export function parseTaggableArn(arn: string): TaggableResource {
  const match = IOT_ARN.exec(arn);
  const [, region, accountId, type, id] = match ?? [];
  if (region === undefined || accountId === undefined || id === undefined) {
    throw new DomainError('InvalidRequest', `${arn} is not an AWS IoT resource ARN (arn:aws:iot:<region>:<account>:<type>/<id>)`);
  }
  if (type === 'thing') throw new DomainError('InvalidRequest', `Things cannot be tagged: ${arn}`);
  if (type === 'thinggroup') {
    if (!THING_GROUP_NAME.test(id)) throw new DomainError('InvalidRequest', `${arn} is not the ARN of a thing group`);
    return { kind: 'thingGroup', thingGroupName: id, region, accountId };
  }
  if ((type !== 'job' && type !== 'jobtemplate') || !RESOURCE_ID.test(id)) {
    throw new DomainError('InvalidRequest', `${arn} is not the ARN of a job, a job template or a thing group`);
  }
  return type === 'job' ? { kind: 'job', jobId: id, region, accountId } : { kind: 'jobTemplate', jobTemplateId: id, region, accountId };
}
