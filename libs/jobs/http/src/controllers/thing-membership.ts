import { InvalidRequestError } from '../errors/aws-error.js';

/**
 * AddThingToThingGroup and RemoveThingFromThingGroup name the group and the thing each by name or
 * by ARN: at least one of the two, and two that agree (docs/aws-behaviour.md §14.7).
 */
export function nameFrom(kind: 'thing' | 'thinggroup', name: string | undefined, arn: string | undefined): string {
  const label = kind === 'thing' ? 'thing' : 'thingGroup';
  if (name === undefined && arn === undefined) {
    throw new InvalidRequestError(`Both ${label}Arn and ${label}Name are empty. Need to specify at least one of them`);
  }
  const fromArn = arn === undefined ? undefined : nameInArn(kind, arn);
  if (arn !== undefined && fromArn === undefined) throw new InvalidRequestError(`${label}Arn ${arn} is not a ${kind} ARN`);
  if (name !== undefined && fromArn !== undefined && name !== fromArn) {
    throw new InvalidRequestError(`${label}Name ${name} and ${label}Arn ${arn} name different resources`);
  }
  return (name ?? fromArn)!;
}

/** Names may contain ':', so only the first five colons separate ARN parts. */
function nameInArn(kind: string, arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:iot:[a-z0-9-]+:\d{12}:([a-z]+)\/([a-zA-Z0-9:_-]{1,128})$/.exec(arn);
  return match && match[1] === kind ? match[2] : undefined;
}
