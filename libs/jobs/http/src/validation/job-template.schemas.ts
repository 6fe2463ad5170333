import { tags } from './tag.schemas.js';
import {
  abortConfig,
  awsString,
  description,
  document,
  jobExecutionsRetryConfig,
  maintenanceWindows,
  maxResults,
  nextToken,
  timeoutConfig,
} from './fields.js';
import { requestSchema } from './request-schema.js';

/** Request schemas of the job-template operations (control plane, `@aws-sdk/client-iot`). */

export const jobTemplateId = awsString({ min: 1, max: 64, pattern: '[a-zA-Z0-9_-]+' });
/** An ARN's shape is checked where it is read (the job of `jobArn`, the template of `jobTemplateArn`). */
export const resourceArn = awsString({ min: 1, max: 2048 });

/**
 * documentSource, presignedUrlConfig, jobExecutionsRolloutConfig and destinationPackageVersions
 * are in no schema, so they are refused by name.
 */
export const createJobTemplateRequest = requestSchema({
  params: { jobTemplateId },
  query: {},
  body: {
    description,
    jobArn: resourceArn.optional(),
    document: document.optional(),
    timeoutConfig: timeoutConfig.optional(),
    jobExecutionsRetryConfig: jobExecutionsRetryConfig.optional(),
    abortConfig: abortConfig.optional(),
    maintenanceWindows: maintenanceWindows.optional(),
    tags: tags.optional(),
  },
}).refine(({ body }) => body.document !== undefined || body.jobArn !== undefined, {
  error: 'document is required unless jobArn names a job to copy it from',
  path: ['body', 'document'],
});

export const jobTemplateRequest = requestSchema({
  params: { jobTemplateId },
  query: {},
  body: {},
});

export const listJobTemplatesRequest = requestSchema({
  params: {},
  query: { maxResults: maxResults.optional(), nextToken: nextToken.optional() },
  body: {},
});
