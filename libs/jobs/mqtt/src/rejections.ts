import { DomainError, type DomainErrorCode } from '#jobs/domain';

/** The rejection codes of the jobs MQTT API (the ones the AWS device SDK v2 decodes). */
export const REJECTION_CODES = [
  'InvalidTopic',
  'InvalidJson',
  'InvalidRequest',
  'InvalidStateTransition',
  'ResourceNotFound',
  'VersionMismatch',
  'TerminalStateReached',
  'RequestThrottled',
  'InternalError',
] as const;

export type RejectionCode = (typeof REJECTION_CODES)[number];

export interface ExecutionState {
  status: string;
  statusDetails?: Record<string, string>;
  versionNumber: number;
}

/** What goes into `/rejected`, before the `timestamp` and `clientToken` of the reply are added. */
export interface Rejection {
  code: RejectionCode;
  message: string;
  executionState?: ExecutionState;
  /** True when this is a failure of the service, not of the request: it must be logged. */
  unexpected?: boolean;
}

/** A refusal the MQTT edge itself decides (bad topic, payload or fields), before any use case. */
export class MqttRequestError extends Error {
  constructor(
    readonly code: 'InvalidTopic' | 'InvalidJson' | 'InvalidRequest',
    message: string,
  ) {
    super(message);
    this.name = `MqttRequestError(${code})`;
  }
}

/**
 * Domain codes in the MQTT API's words: the one place errors become rejections. The device
 * operations cannot raise ResourceAlreadyExists, LimitExceeded or Conflict; should one appear it is
 * still the request's fault, so InvalidRequest rather than InternalError.
 */
const CODE_BY_DOMAIN_CODE: Record<DomainErrorCode, RejectionCode> = {
  ResourceNotFound: 'ResourceNotFound',
  InvalidStateTransition: 'InvalidStateTransition',
  VersionConflict: 'VersionMismatch',
  InvalidRequest: 'InvalidRequest',
  ResourceAlreadyExists: 'InvalidRequest',
  LimitExceeded: 'InvalidRequest',
  Conflict: 'InvalidRequest',
};

/** The codes whose rejection carries the execution's current state. */
const WITH_EXECUTION_STATE = new Set<RejectionCode>(['InvalidStateTransition', 'VersionMismatch']);

export function toRejection(error: unknown): Rejection {
  if (error instanceof MqttRequestError) return { code: error.code, message: error.message };
  if (error instanceof DomainError) return fromDomainError(error);
  return { code: 'InternalError', message: 'An internal error occurred', unexpected: true };
}

function fromDomainError(error: DomainError): Rejection {
  // The decider marks an expectedVersion mismatch on an update; HTTP folds it into
  // InvalidStateTransition, MQTT has its own code for it.
  const code = error.details['reason'] === 'VersionMismatch' ? 'VersionMismatch' : CODE_BY_DOMAIN_CODE[error.code];
  const executionState = WITH_EXECUTION_STATE.has(code) ? executionStateOf(error.details['executionState']) : undefined;
  return executionState ? { code, message: error.message, executionState } : { code, message: error.message };
}

function executionStateOf(value: unknown): ExecutionState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { status, statusDetails, versionNumber } = value as Record<string, unknown>;
  if (typeof status !== 'string' || typeof versionNumber !== 'number') return undefined;
  const hasDetails = typeof statusDetails === 'object' && statusDetails !== null && Object.keys(statusDetails).length > 0;
  return hasDetails ? { status, statusDetails: statusDetails as Record<string, string>, versionNumber } : { status, versionNumber };
}
