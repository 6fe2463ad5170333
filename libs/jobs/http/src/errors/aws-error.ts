import type { Plane } from '../planes.js';

/**
 * The AWS error names this edge answers with, and the HTTP status each plane's model gives them.
 * The SDK picks the exception class from the name alone; the status only drives its retries, so
 * the statuses follow the models exactly (for example ThrottlingException is 400 on the control
 * plane and 429 on the data plane).
 */
const STATUS_BY_NAME = {
  InvalidRequestException: { control: 400, data: 400 },
  ResourceNotFoundException: { control: 404, data: 404 },
  UnknownOperationException: { control: 404, data: 404 },
  ResourceAlreadyExistsException: { control: 409, data: 409 },
  InvalidStateTransitionException: { control: 409, data: 409 },
  VersionConflictException: { control: 409, data: 409 },
  ConflictException: { control: 409, data: 409 },
  ServiceQuotaExceededException: { control: 402, data: 402 },
  LimitExceededException: { control: 410, data: 410 },
  ThrottlingException: { control: 400, data: 429 },
  InternalFailureException: { control: 500, data: 500 },
  InternalServerException: { control: 500, data: 500 },
  ServiceUnavailableException: { control: 503, data: 503 },
  // Authentication and authorization failures, as AWS front ends name them.
  MissingAuthenticationTokenException: { control: 403, data: 403 },
  IncompleteSignatureException: { control: 403, data: 403 },
  UnrecognizedClientException: { control: 403, data: 403 },
  InvalidSignatureException: { control: 403, data: 403 },
  AccessDeniedException: { control: 403, data: 403 },
} as const satisfies Record<string, Record<Plane, number>>;

export type AwsErrorName = keyof typeof STATUS_BY_NAME;

export function awsStatusOf(name: AwsErrorName, plane: Plane): number {
  return STATUS_BY_NAME[name][plane];
}

/**
 * An error raised by the edge itself (validation, unknown route, malformed body), already named
 * in AWS terms. `status` overrides the model's status when the transport needs another one
 * (413 for an oversized body); `members` are extra modeled body members.
 */
export class AwsError extends Error {
  constructor(
    readonly awsName: AwsErrorName,
    message: string,
    readonly options: { status?: number; members?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = awsName;
  }
}

/** The one error type every input check throws; it becomes a 400 InvalidRequestException. */
export class InvalidRequestError extends AwsError {
  constructor(message: string, status?: number) {
    super('InvalidRequestException', message, status === undefined ? {} : { status });
  }
}
