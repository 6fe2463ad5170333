import { tags } from './tag.schemas.js';
import {
  abortConfig,
  jobExecutionsRolloutConfig,
  awsString,
  comment,
  description,
  document,
  executionNumberInQuery,
  jobExecutionStatus,
  jobId,
  jobStatus,
  jsonInteger,
  maxResults,
  nextToken,
  queryBoolean,
  queryInteger,
  reasonCode,
  schedulingConfig,
  statusDetails,
  targetSelection,
  targets,
  thingName,
  timeoutConfig,
  jobExecutionsRetryConfig,
} from './fields.js';
import { resourceArn } from './job-template.schemas.js';
import { requestSchema } from './request-schema.js';

/**
 * Request schemas of the control-plane operations (`@aws-sdk/client-iot`). `documentSource` is
 * in no schema, so it is refused by name and `document` is required unless a template supplies it
 * (ADR 18: the service fetches nothing from S3).
 */

export const createJobRequest = requestSchema({
  params: { jobId },
  query: {},
  body: {
    targets,
    document: document.optional(),
    jobTemplateArn: resourceArn.optional(),
    description: description.optional(),
    targetSelection: targetSelection.optional(),
    timeoutConfig: timeoutConfig.optional(),
    jobExecutionsRetryConfig: jobExecutionsRetryConfig.optional(),
    abortConfig: abortConfig.optional(),
    jobExecutionsRolloutConfig: jobExecutionsRolloutConfig.optional(),
    tags: tags.optional(),
    schedulingConfig: schedulingConfig.optional(),
  },
}).refine(({ body }) => body.document !== undefined || body.jobTemplateArn !== undefined, {
  error: 'document is required unless jobTemplateArn names a template that supplies it',
  path: ['body', 'document'],
});

export const updateJobRequest = requestSchema({
  params: { jobId },
  query: {},
  body: {
    description: description.optional(),
    timeoutConfig: timeoutConfig.optional(),
    jobExecutionsRetryConfig: jobExecutionsRetryConfig.optional(),
    abortConfig: abortConfig.optional(),
    jobExecutionsRolloutConfig: jobExecutionsRolloutConfig.optional(),
  },
});

/** beforeSubstitution is accepted: without substitution parameters both views are the same document. */
export const getJobDocumentRequest = requestSchema({
  params: { jobId },
  query: { beforeSubstitution: queryBoolean.optional() },
  body: {},
});

export const describeJobRequest = requestSchema({
  params: { jobId },
  query: {},
  body: {},
});

export const listJobsRequest = requestSchema({
  params: {},
  query: {
    status: jobStatus.optional(),
    targetSelection: targetSelection.optional(),
    thingGroupName: awsString({ min: 1, max: 128, pattern: '[a-zA-Z0-9:_-]+' }).optional(),
    thingGroupId: awsString({ min: 1, max: 128, pattern: '[a-zA-Z0-9-]+' }).optional(),
    maxResults: maxResults.optional(),
    nextToken: nextToken.optional(),
  },
  body: {},
});

export const cancelJobRequest = requestSchema({
  params: { jobId },
  query: { force: queryBoolean.optional() },
  body: { reasonCode: reasonCode.optional(), comment: comment.optional() },
});

export const deleteJobRequest = requestSchema({
  params: { jobId },
  query: { force: queryBoolean.optional() },
  body: {},
});

export const cancelJobExecutionRequest = requestSchema({
  params: { thingName, jobId },
  query: { force: queryBoolean.optional() },
  body: { expectedVersion: jsonInteger(0).optional(), statusDetails: statusDetails.optional() },
});

export const describeJobExecutionRequest = requestSchema({
  params: { thingName, jobId },
  query: { executionNumber: executionNumberInQuery.optional() },
  body: {},
});

export const deleteJobExecutionRequest = requestSchema({
  params: { thingName, jobId, executionNumber: queryInteger(0) },
  query: { force: queryBoolean.optional() },
  body: {},
});

export const listJobExecutionsForJobRequest = requestSchema({
  params: { jobId },
  query: { status: jobExecutionStatus.optional(), maxResults: maxResults.optional(), nextToken: nextToken.optional() },
  body: {},
});

export const listJobExecutionsForThingRequest = requestSchema({
  params: { thingName },
  query: {
    jobId: jobId.optional(),
    status: jobExecutionStatus.optional(),
    maxResults: maxResults.optional(),
    nextToken: nextToken.optional(),
  },
  body: {},
});

export const associateTargetsWithJobRequest = requestSchema({
  params: { jobId },
  query: {},
  body: { targets, comment: comment.optional() },
});
