import { DomainError } from '../errors.js';

/** A resource TagResource, UntagResource and ListTagsForResource can name. */
export type TaggableResource =
  | { readonly kind: 'job'; readonly jobId: string; readonly region: string; readonly accountId: string }
  | { readonly kind: 'jobTemplate'; readonly jobTemplateId: string; readonly region: string; readonly accountId: string };

const IOT_ARN = /^arn:aws(?:-[a-z]+)*:iot:([a-z0-9-]+):(\d{12}):([a-z]+)\/(.+)$/;
const RESOURCE_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * The job or job template a resource ARN names. Things cannot carry tags in AWS; thing groups can,
 * but this service does not tag them yet (DECISIONS.md): both are InvalidRequest, as is any other
 * or malformed ARN. Whether the account and region are this service's is the caller's check.
 */
export function parseTaggableArn(arn: string): TaggableResource {
  const match = IOT_ARN.exec(arn);
  const [, region, accountId, type, id] = match ?? [];
  if (region === undefined || accountId === undefined || id === undefined) {
    throw new DomainError('InvalidRequest', `${arn} is not an AWS IoT resource ARN (arn:aws:iot:<region>:<account>:<type>/<id>)`);
  }
  if (type === 'thing') throw new DomainError('InvalidRequest', `Things cannot be tagged: ${arn}`);
  if (type === 'thinggroup') throw new DomainError('InvalidRequest', `Tags on thing groups are not supported by this service: ${arn}`);
  if ((type !== 'job' && type !== 'jobtemplate') || !RESOURCE_ID.test(id)) {
    throw new DomainError('InvalidRequest', `${arn} is not the ARN of a job or a job template`);
  }
  return type === 'job' ? { kind: 'job', jobId: id, region, accountId } : { kind: 'jobTemplate', jobTemplateId: id, region, accountId };
}
