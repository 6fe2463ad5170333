import * as controlPlaneSdk from '@aws-sdk/client-iot';
import * as dataPlaneSdk from '@aws-sdk/client-iot-jobs-data-plane';
import type { ModelOperation } from './aws-model.js';
import type { Plane } from './member-decisions.js';

/** The smallest valid request of each served operation, for tests that send every operation. */
export const LABELS: Record<string, string> = {
  jobId: 'job-1',
  thingName: 'thing-1',
  executionNumber: '1',
  thingGroupName: 'group-1',
  jobTemplateId: 'template-1',
  templateName: 'AWS-Download-File',
};
export const THING_ARN = 'arn:aws:iot:us-east-1:123456789012:thing/thing-1';
/** The smallest valid body of the operations that require one. */
export const REQUIRED_BODY: Record<string, Record<string, unknown>> = {
  'control CreateJob': { targets: [THING_ARN], document: '{}' },
  'control CreateJobTemplate': { description: 'firmware', document: '{}' },
  'control AssociateTargetsWithJob': { targets: ['arn:aws:iot:us-east-1:123456789012:thinggroup/group-1'] },
  'data UpdateJobExecution': { status: 'IN_PROGRESS' },
  'control UpdateThingGroup': { thingGroupProperties: {} },
  'control AddThingToThingGroup': { thingGroupName: 'group-1', thingName: 'thing-1' },
  'control RemoveThingFromThingGroup': { thingGroupName: 'group-1', thingName: 'thing-1' },
  'control UpdateThingGroupsForThing': { thingName: 'thing-1' },
  'control TagResource': { resourceArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1', tags: [{ Key: 'team', Value: 'ops' }] },
  'control UntagResource': { resourceArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1', tagKeys: ['team'] },
};
/** The required query parameters of the operations that have some. */
export const REQUIRED_QUERY: Record<string, Record<string, string>> = {
  'control ListTagsForResource': { resourceArn: 'arn:aws:iot:us-east-1:123456789012:job/job-1' },
};

/**
 * The SDK input of the operation's smallest valid request: its URI labels, required query and
 * required body. Names the SDK's members, which for these operations are the model's.
 */
export function sampleSdkInput(plane: Plane, name: string, operation: ModelOperation): Record<string, unknown> {
  const labels = [...operation.http.requestUri.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const input: Record<string, unknown> = {};
  for (const label of labels) input[label] = label === 'executionNumber' ? Number(LABELS[label]) : LABELS[label];
  return { ...input, ...REQUIRED_QUERY[`${plane} ${name}`], ...REQUIRED_BODY[`${plane} ${name}`] };
}

type SdkCommand = Parameters<controlPlaneSdk.IoTClient['send']>[0] & Parameters<dataPlaneSdk.IoTJobsDataPlaneClient['send']>[0];

/** The SDK's command object of an operation (`CreateJobCommand` for CreateJob) with `input`. */
export function sdkCommand(plane: Plane, name: string, input: Record<string, unknown>): SdkCommand {
  const sdk: Record<string, unknown> = plane === 'control' ? controlPlaneSdk : dataPlaneSdk;
  const Command = sdk[`${name}Command`] as (new (input: Record<string, unknown>) => SdkCommand) | undefined;
  if (Command === undefined) throw new Error(`the ${plane}-plane SDK has no ${name}Command`);
  return new Command(input);
}
