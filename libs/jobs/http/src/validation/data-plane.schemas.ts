import {
  executionNumberInQuery,
  jobExecutionStatus,
  jobId,
  jobIdOrNext,
  jsonBoolean,
  jsonInteger,
  queryBoolean,
  statusDetails,
  stepTimeoutInMinutes,
  thingName,
  updateStepTimeoutInMinutes,
} from './fields.js';
import { requestSchema } from './request-schema.js';

/** Request schemas of the data-plane operations (`@aws-sdk/client-iot-jobs-data-plane`). */

export const getPendingJobExecutionsRequest = requestSchema({
  params: { thingName },
  query: {},
  body: {},
});

export const startNextPendingJobExecutionRequest = requestSchema({
  params: { thingName },
  query: {},
  body: { statusDetails: statusDetails.optional(), stepTimeoutInMinutes: stepTimeoutInMinutes.optional() },
});

export const describeDeviceJobExecutionRequest = requestSchema({
  params: { thingName, jobId: jobIdOrNext },
  query: { includeJobDocument: queryBoolean.optional(), executionNumber: executionNumberInQuery.optional() },
  body: {},
});

export const updateJobExecutionRequest = requestSchema({
  params: { thingName, jobId },
  query: {},
  body: {
    status: jobExecutionStatus,
    statusDetails: statusDetails.optional(),
    stepTimeoutInMinutes: updateStepTimeoutInMinutes.optional(),
    expectedVersion: jsonInteger(0).optional(),
    includeJobExecutionState: jsonBoolean.optional(),
    includeJobDocument: jsonBoolean.optional(),
    executionNumber: jsonInteger(0).optional(),
  },
});
