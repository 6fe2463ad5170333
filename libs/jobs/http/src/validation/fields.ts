import { z } from 'zod';
import { awsString, jsonInteger as integerIn } from '#jobs/wire';
import { decodeNextToken, type CursorKind } from '../wire/next-token.js';

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

/** A list's `nextToken` of the given cursor kind (see wire/next-token.ts); the cursor after parsing. */
function nextTokenOf(kind: CursorKind) {
  return awsString({ min: 1, max: 4096 }).transform((token, ctx) => {
    const cursor = decodeNextToken(token, kind);
    if (cursor === undefined) ctx.addIssue({ code: 'custom', message: 'invalid nextToken' });
    return cursor ?? '';
  });
}

export const nextToken = nextTokenOf('position');
/** The registry lists page by name. */
export const nameNextToken = nextTokenOf('name');
/** abortConfig (control plane only): 1+ criteria of a failure type, the CANCEL action and thresholds. */
export const abortConfig = z.strictObject(
  {
    criteriaList: z
      .array(
        z.strictObject(
          {
            failureType: z.enum(['FAILED', 'REJECTED', 'TIMED_OUT', 'ALL'], {
              error: 'Member must satisfy enum value set: [FAILED, REJECTED, TIMED_OUT, ALL]',
            }),
            action: z.enum(['CANCEL'], { error: 'Member must satisfy enum value set: [CANCEL]' }),
            thresholdPercentage: z
              .number({ error: 'Member must be a number' })
              .min(0, { error: 'Member must have value greater than or equal to 0' })
              .max(100, { error: 'Member must have value less than or equal to 100' }),
            minNumberOfExecutedThings: integerIn(1, 2147483647),
          },
          { error: 'Member must be an object' },
        ),
        { error: 'Member must be a list' },
      )
      .min(1, { error: 'Member must have length greater than or equal to 1' }),
  },
  { error: 'Member must be an object' },
);
