import { z } from 'zod';
import {
  awsString,
  jobExecutionStatus,
  jobId,
  jobIdOrNext,
  jsonBoolean,
  jsonInteger,
  statusDetails,
  stepTimeoutInMinutes,
  thingName,
  updateStepTimeoutInMinutes,
} from '#jobs/wire';
import { MAX_CLIENT_TOKEN_LENGTH } from '../payload.js';

/**
 * The jobs MQTT requests, checked with the same field rules as the HTTP data plane. Each schema
 * covers the topic's labels and the payload, so a device learns about every bad field at once.
 * Unknown payload members are ignored (the legacy SDK v2 client sends thingName and jobId too).
 */
function requestSchema<T extends z.ZodRawShape, P extends z.ZodRawShape>(topic: T, payload: P) {
  return z.object({
    topic: z.object(topic),
    payload: z.object({ ...payload, clientToken: awsString({ min: 1, max: MAX_CLIENT_TOKEN_LENGTH }).optional() }),
  });
}

/** The API documents expectedVersion as a number but devices send "3" as well. */
const expectedVersion = z.preprocess((value) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value), jsonInteger(0));

export const getPendingRequest = requestSchema({ thingName }, {});

export const startNextRequest = requestSchema(
  { thingName },
  { statusDetails: statusDetails.optional(), stepTimeoutInMinutes: stepTimeoutInMinutes.optional() },
);

export const describeRequest = requestSchema(
  { thingName, jobId: jobIdOrNext },
  { executionNumber: jsonInteger(0).optional(), includeJobDocument: jsonBoolean.optional() },
);

export const updateRequest = requestSchema(
  { thingName, jobId },
  {
    status: jobExecutionStatus,
    statusDetails: statusDetails.optional(),
    expectedVersion: expectedVersion.optional(),
    executionNumber: jsonInteger(0).optional(),
    includeJobExecutionState: jsonBoolean.optional(),
    includeJobDocument: jsonBoolean.optional(),
    stepTimeoutInMinutes: updateStepTimeoutInMinutes.optional(),
  },
);
