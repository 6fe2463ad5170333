/**
 * The AWS account and region this service impersonates, as it appears in ARNs. Bound by the
 * composition root from configuration.
 */
export abstract class ServiceIdentity {
  abstract readonly region: string;
  abstract readonly accountId: string;
}

export function jobArn(identity: ServiceIdentity, jobId: string): string {
  return `arn:aws:iot:${identity.region}:${identity.accountId}:job/${jobId}`;
}

export function jobTemplateArn(identity: ServiceIdentity, jobTemplateId: string): string {
  return `arn:aws:iot:${identity.region}:${identity.accountId}:jobtemplate/${jobTemplateId}`;
}

export function thingArn(identity: ServiceIdentity, thingName: string): string {
  return `arn:aws:iot:${identity.region}:${identity.accountId}:thing/${thingName}`;
}

export function thingGroupArn(identity: ServiceIdentity, thingGroupName: string): string {
  return `arn:aws:iot:${identity.region}:${identity.accountId}:thinggroup/${thingGroupName}`;
}
