import { z } from 'zod';
import { JOB_EXECUTION_STATUSES, JOB_STATUSES } from '#jobs/domain';

/**
 * Field schemas for the constraints of the AWS models, shared by the device edges (HTTP data plane,
 * MQTT) and the control plane. Patterns are anchored because the service matches the whole value;
 * messages use the AWS wording so that `validationMessage` can assemble "Value 'x' at 'jobId' failed to satisfy constraint: <message>".
 */
interface StringRules {
  min?: number;
  max?: number;
  pattern?: string;
}

export function awsString({ min, max, pattern }: StringRules): z.ZodString {
  let schema = z.string({ error: 'Member must be a string' });
  if (min !== undefined) {
    // abort: an empty value would otherwise also be reported as a pattern mismatch.
    schema = schema.min(min, { error: `Member must have length greater than or equal to ${min}`, abort: true });
  }
  if (max !== undefined) schema = schema.max(max, { error: `Member must have length less than or equal to ${max}` });
  if (pattern !== undefined) {
    schema = schema.regex(new RegExp(`^(?:${pattern})$`, 'u'), {
      error: `Member must satisfy regular expression pattern: ${pattern}`,
    });
  }
  return schema;
}

export const jobId = awsString({ min: 1, max: 64, pattern: '[a-zA-Z0-9_-]+' });
export const thingName = awsString({ min: 1, max: 128, pattern: '[a-zA-Z0-9:_-]+' });
/** The data plane's DescribeJobExecution also accepts `$next` in place of a job id. */
export const jobIdOrNext = awsString({ min: 1, max: 64, pattern: '[a-zA-Z0-9_-]+|\\$next' });

const MAX_STATUS_DETAILS = 10;

export const statusDetails = z
  .record(awsString({ min: 1, max: 128, pattern: '[a-zA-Z0-9:_-]+' }), awsString({ min: 1, max: 1024, pattern: '[^\\p{C}]*' }), {
    error: 'Member must be a map of strings to strings',
  })
  .refine((map) => Object.keys(map).length <= MAX_STATUS_DETAILS, {
    error: `Member must have at most ${MAX_STATUS_DETAILS} entries`,
  });

export const document = awsString({ max: 32768 });
export const documentSource = awsString({ min: 1, max: 1350 });
export const description = awsString({ min: 1, max: 2028, pattern: '[^\\p{C}]+' });
export const comment = description;
export const reasonCode = awsString({ min: 1, max: 128, pattern: '[A-Z0-9_]+' }); // Java's ASCII \p{Upper}\p{Digit}

function enumOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `Member must satisfy enum value set: [${values.join(', ')}]` });
}

export const jobExecutionStatus = enumOf(JOB_EXECUTION_STATUSES);
export const jobStatus = enumOf(JOB_STATUSES);
export const targetSelection = enumOf(['SNAPSHOT', 'CONTINUOUS']);

/** A JSON integer in [min, max]; AWS `long`s here are all well inside the safe-integer range. */
export function jsonInteger(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .number({ error: 'Member must be a number' })
    .int({ error: 'Member must be an integer' })
    .min(min, { error: `Member must have value greater than or equal to ${min}` })
    .max(max, { error: `Member must have value less than or equal to ${max}` });
}

export const jsonBoolean = z.boolean({ error: 'Member must be a boolean' });

const MAX_TIMEOUT_MINUTES = 10080;

export const stepTimeoutInMinutes = jsonInteger(1, MAX_TIMEOUT_MINUTES);
/** UpdateJobExecution also takes −1, which cancels the running step timer. */
export const updateStepTimeoutInMinutes = jsonInteger(-1, MAX_TIMEOUT_MINUTES).refine((minutes) => minutes !== 0, {
  error: `Member must be -1 or have value between 1 and ${MAX_TIMEOUT_MINUTES}`,
});

export const timeoutConfig = z.strictObject(
  { inProgressTimeoutInMinutes: jsonInteger(1, MAX_TIMEOUT_MINUTES).optional() },
  { error: 'Member must be an object' },
);

/** Automatic retries after FAILED or TIMED_OUT (docs/aws-behaviour.md §4, §7.8): 1–2 criteria, 0–10 retries each. */
export const jobExecutionsRetryConfig = z.strictObject(
  {
    criteriaList: z
      .array(
        z.strictObject(
          { failureType: enumOf(['FAILED', 'TIMED_OUT', 'ALL']), numberOfRetries: jsonInteger(0, 10) },
          { error: 'Member must be an object' },
        ),
        { error: 'Member must be a list' },
      )
      .min(1, { error: 'Member must have length greater than or equal to 1' })
      .max(2, { error: 'Member must have length less than or equal to 2' }),
  },
  { error: 'Member must be an object' },
);

const THING_ARN = /^arn:aws[a-z-]*:iot:[a-z0-9-]+:\d{12}:thing\/[a-zA-Z0-9:_-]{1,128}$/;
const THING_GROUP_ARN = /^arn:aws[a-z-]*:iot:[a-z0-9-]+:\d{12}:thinggroup\/[a-zA-Z0-9:_-]{1,128}$/;

const targetArn = awsString({ max: 2048 }).superRefine((arn, ctx) => {
  if (!THING_ARN.test(arn) && !THING_GROUP_ARN.test(arn)) {
    ctx.addIssue({
      code: 'custom',
      message: 'Member must be a thing or thing group ARN (arn:aws:iot:<region>:<account>:thing/<thingName> or ...:thinggroup/<groupName>)',
    });
  }
});

export const targets = z
  .array(targetArn, { error: 'Member must be a list of ARNs' })
  .min(1, { error: 'Member must have length greater than or equal to 1' });

// ---- query-string fields: they arrive as strings (or arrays, when a key repeats) ----

export const queryBoolean = z.enum(['true', 'false'], { error: "Member must be 'true' or 'false'" }).transform((value) => value === 'true');

export function queryInteger(min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string({ error: 'Member must be a single integer' })
    .regex(/^-?\d{1,16}$/, { error: 'Member must be an integer', abort: true })
    .transform(Number)
    .pipe(jsonInteger(min, max));
}

export const executionNumberInQuery = queryInteger(0);
export const maxResults = queryInteger(1, 250);
