import { HttpException } from '@nestjs/common';
import { AuthError } from '#auth';
import { DomainError, type DomainErrorCode } from '#jobs/domain';
import type { Plane } from '../planes.js';
import { AwsError, awsStatusOf, type AwsErrorName } from './aws-error.js';
import { isDatabaseUnavailableError } from './database-unavailable.js';

/** What the exception filter writes: status, the `x-amzn-ErrorType` name and the JSON body. */
export interface AwsErrorResponse {
  status: number;
  name: string;
  body: { message: string } & Record<string, unknown>;
  /** True for a 500: a bug the operator must see (the filter logs it with its stack). */
  unexpected: boolean;
  /** Extra response headers, e.g. `Retry-After` on a ThrottlingException. */
  headers?: Record<string, string>;
}

/**
 * DomainError codes in each plane's words. The data plane models neither VersionConflict nor
 * LimitExceeded: its UpdateJobExecution answers an expectedVersion mismatch with
 * InvalidStateTransitionException 409 plus the current `executionState` (docs/aws-behaviour.md §8).
 */
const NAME_BY_CODE: Record<Plane, Record<DomainErrorCode, AwsErrorName>> = {
  control: {
    ResourceNotFound: 'ResourceNotFoundException',
    ResourceAlreadyExists: 'ResourceAlreadyExistsException',
    InvalidStateTransition: 'InvalidStateTransitionException',
    VersionConflict: 'VersionConflictException',
    InvalidRequest: 'InvalidRequestException',
    LimitExceeded: 'LimitExceededException',
    Conflict: 'ConflictException',
  },
  data: {
    ResourceNotFound: 'ResourceNotFoundException',
    ResourceAlreadyExists: 'ConflictException',
    InvalidStateTransition: 'InvalidStateTransitionException',
    VersionConflict: 'InvalidStateTransitionException',
    InvalidRequest: 'InvalidRequestException',
    LimitExceeded: 'ServiceQuotaExceededException',
    Conflict: 'ConflictException',
  },
};

/** Modeled members that may be copied from DomainError.details into the body, per AWS name. */
const MEMBERS_BY_NAME: Partial<Record<AwsErrorName, readonly string[]>> = {
  ResourceAlreadyExistsException: ['resourceId', 'resourceArn'],
  ConflictException: ['resourceId'],
};

export function toAwsErrorResponse(error: unknown, plane: Plane): AwsErrorResponse {
  if (error instanceof AwsError) return fromAwsError(error, plane);
  if (error instanceof DomainError) return fromDomainError(error, plane);
  if (error instanceof AuthError) return fromAuthError(error, plane);
  if (isDatabaseUnavailableError(error)) {
    return respond('ServiceUnavailableException', plane, 'The service is temporarily unavailable; retry later');
  }
  if (error instanceof HttpException) return fromFrameworkError(error, plane);
  const name = plane === 'data' ? 'InternalServerException' : 'InternalFailureException';
  return { ...respond(name, plane, 'An internal error occurred'), unexpected: true };
}

function fromAwsError(error: AwsError, plane: Plane): AwsErrorResponse {
  const base = respond(error.awsName, plane, error.message, error.options.members);
  const withHeaders = error.options.headers === undefined ? base : { ...base, headers: error.options.headers };
  return error.options.status === undefined ? withHeaders : { ...withHeaders, status: error.options.status };
}

/** Refusals of the request gate: 403 under AWS's names; throttling per plane with Retry-After. */
function fromAuthError(error: AuthError, plane: Plane): AwsErrorResponse {
  if (error.code === 'Throttling') {
    return { ...respond('ThrottlingException', plane, error.message), headers: { 'Retry-After': String(error.retryAfterSeconds ?? 1) } };
  }
  return respond(`${error.code}Exception`, plane, error.message);
}

function fromDomainError(error: DomainError, plane: Plane): AwsErrorResponse {
  const name = NAME_BY_CODE[plane][error.code];
  return respond(name, plane, error.message, modeledMembers(name, plane, error.details));
}

/** Fastify's own rejections (unknown route, bad body, oversized body) that Nest wraps. */
function fromFrameworkError(error: HttpException, plane: Plane): AwsErrorResponse {
  const status = error.getStatus();
  if (status === 404) return respond('UnknownOperationException', plane, error.message);
  if (status >= 500) {
    const name = plane === 'data' ? 'InternalServerException' : 'InternalFailureException';
    return { ...respond(name, plane, 'An internal error occurred'), unexpected: true };
  }
  return { ...respond('InvalidRequestException', plane, error.message), status };
}

function modeledMembers(name: AwsErrorName, plane: Plane, details: Record<string, unknown>): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  for (const key of MEMBERS_BY_NAME[name] ?? []) {
    if (typeof details[key] === 'string') members[key] = details[key];
  }
  // The data plane documents the current execution state in the body of a 409.
  if (plane === 'data' && name === 'InvalidStateTransitionException') {
    const state = executionStateOf(details['executionState']);
    if (state) members['executionState'] = state;
  }
  return members;
}

function executionStateOf(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, statusDetails, versionNumber } = value as Record<string, unknown>;
  const state: Record<string, unknown> = {};
  if (typeof status === 'string') state['status'] = status;
  if (typeof statusDetails === 'object' && statusDetails !== null) state['statusDetails'] = statusDetails;
  if (typeof versionNumber === 'number') state['versionNumber'] = versionNumber;
  return Object.keys(state).length > 0 ? state : undefined;
}

function respond(name: AwsErrorName, plane: Plane, message: string, members: Record<string, unknown> = {}): AwsErrorResponse {
  return { status: awsStatusOf(name, plane), name, body: { ...members, message }, unexpected: false };
}
