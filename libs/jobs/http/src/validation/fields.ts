import { awsString } from '#jobs/wire';
import { decodeNextToken } from '../wire/next-token.js';

// The field rules live in #jobs/wire, shared with the MQTT edge; only the HTTP-only field is here.
export {
  awsString,
  jobId,
  thingName,
  jobIdOrNext,
  statusDetails,
  document,
  documentSource,
  description,
  comment,
  reasonCode,
  jobExecutionStatus,
  jobStatus,
  targetSelection,
  jsonInteger,
  jsonBoolean,
  stepTimeoutInMinutes,
  updateStepTimeoutInMinutes,
  timeoutConfig,
  jobExecutionsRetryConfig,
  targets,
  queryBoolean,
  queryInteger,
  executionNumberInQuery,
  maxResults,
} from '#jobs/wire';

export const nextToken = awsString({ min: 1, max: 4096 }).transform((token, ctx) => {
  const cursor = decodeNextToken(token);
  if (cursor === undefined) ctx.addIssue({ code: 'custom', message: 'invalid nextToken' });
  return cursor ?? '';
});
