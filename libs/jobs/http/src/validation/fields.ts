import { z } from 'zod';
import { awsString, jsonInteger as integerIn } from '#jobs/wire';
import { decodeNameToken, decodeNextToken } from '../wire/next-token.js';

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

/** A list's `nextToken`, parsed into the cursor inside it by `decode` (see wire/next-token.ts). */
function nextTokenOf(decode: (token: string) => string | undefined) {
  return awsString({ min: 1, max: 4096 }).transform((token, ctx) => {
    const cursor = decode(token);
    if (cursor === undefined) ctx.addIssue({ code: 'custom', message: 'invalid nextToken' });
    return cursor ?? '';
  });
}

export const nextToken = nextTokenOf(decodeNextToken);
/** The nextToken of the registry lists, whose cursor is a name (see decodeNameToken). */
export const nameNextToken = nextTokenOf(decodeNameToken);

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

/**
 * jobExecutionsRolloutConfig: the documented ranges (1–1000 per minute, a factor of 1.1–5). The
 * domain adds what combines fields: one decimal in the factor, at least one rate-increase criterion.
 */
export const jobExecutionsRolloutConfig = z.strictObject(
  {
    maximumPerMinute: integerIn(1, 1000).optional(),
    exponentialRate: z
      .strictObject(
        {
          baseRatePerMinute: integerIn(1, 1000),
          incrementFactor: z
            .number({ error: 'Member must be a number' })
            .min(1.1, { error: 'Member must have value greater than or equal to 1.1' })
            .max(5, { error: 'Member must have value less than or equal to 5' }),
          rateIncreaseCriteria: z.strictObject(
            { numberOfNotifiedThings: integerIn(1, 2147483647).optional(), numberOfSucceededThings: integerIn(1, 2147483647).optional() },
            { error: 'Member must be an object' },
          ),
        },
        { error: 'Member must be an object' },
      )
      .optional(),
  },
  { error: 'Member must be an object' },
);

/**
 * maintenanceWindows (CreateJob's schedulingConfig, CreateJobTemplate): the documented lengths and
 * range; whether the cron expression parses and the list's size are the domain's (§21.5).
 */
export const maintenanceWindows = z.array(
  z.strictObject({ startTime: awsString({ min: 1, max: 256 }), durationInMinutes: integerIn(1, 1430) }, { error: 'Member must be an object' }),
  { error: 'Member must be a list' },
);

/**
 * schedulingConfig: every member is honoured (the times' format and ranges are the domain's).
 */
export const schedulingConfig = z.strictObject(
  {
    startTime: awsString({ min: 1, max: 64 }).optional(),
    endTime: awsString({ min: 1, max: 64 }).optional(),
    endBehavior: z
      .enum(['STOP_ROLLOUT', 'CANCEL', 'FORCE_CANCEL'], { error: 'Member must satisfy enum value set: [STOP_ROLLOUT, CANCEL, FORCE_CANCEL]' })
      .optional(),
    maintenanceWindows: maintenanceWindows.optional(),
  },
  { error: 'Member must be an object' },
);
