/**
 * Wire rules both device edges share (the HTTP data plane and MQTT), so they validate and shape
 * the same way: AWS field constraints, the AWS wording of validation errors, and the data-plane
 * views of executions. No framework and no transport inside.
 */
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
} from './fields.js';
export { parseRequest, validationMessage } from './validation-message.js';
export { findUnstorableText, isStorableText, UNSTORABLE_TEXT_CONSTRAINT, type UnstorableText } from './storable-text.js';
export * from './data-plane.mappers.js';
export { compact, epochSecondsWithFraction, secondsBeforeTimedOut, wholeEpochSeconds } from './compact.js';
