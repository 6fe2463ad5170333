import { DomainError } from './errors.js';
import {
  MAX_ABORT_THRESHOLD_PERCENTAGE,
  MAX_RETRIES_PER_DEVICE,
  MAX_TIMEOUT_MINUTES,
  MIN_TIMEOUT_MINUTES,
  type AbortConfig,
  type JobExecutionsRetryConfig,
  type TimeoutConfig,
} from './job-config.js';

/**
 * Invariants that are about meaning, not wire syntax: the HTTP edge has already checked patterns
 * and lengths of each field; these checks combine fields or look inside a value (an ARN).
 */

/**
 * Direct thing targets per job: the fleet size CreateJob queues in its own transaction. Larger
 * fleets are reached through thing groups, whose executions a durable process creates in chunks.
 */
export const MAX_JOB_TARGETS = 10_000;

/** AssociateTargetsWithJob keeps a job at this many targets at most (LimitExceeded beyond). */
export const MAX_ASSOCIATED_JOB_TARGETS = 100;

export interface ThingTarget {
  readonly thingName: string;
  readonly thingArn: string;
  readonly region: string;
  readonly accountId: string;
}

export interface GroupTarget {
  readonly thingGroupName: string;
  readonly thingGroupArn: string;
  readonly region: string;
  readonly accountId: string;
}

export type JobTarget = ({ readonly kind: 'thing' } & ThingTarget) | ({ readonly kind: 'group' } & GroupTarget);

const TARGET_ARN = /^arn:(aws(?:-[a-z]+)*):iot:([a-z0-9-]+):(\d{12}):(thing|thinggroup)\/(.+)$/;
const THING_NAME = /^[a-zA-Z0-9:_-]{1,128}$/;

/** Parses `arn:aws:iot:<region>:<account>:thing/<name>` or `...:thinggroup/<name>`. */
export function parseJobTarget(arn: string): JobTarget {
  const match = TARGET_ARN.exec(arn);
  if (!match) {
    throw new DomainError('InvalidRequest', `Target ${arn} is not a thing or thing group ARN (arn:aws:iot:<region>:<account>:thing/<name>)`, {
      target: arn,
    });
  }
  const [, , region, accountId, kind, name] = match as unknown as [string, string, string, string, string, string];
  if (!THING_NAME.test(name)) {
    throw new DomainError('InvalidRequest', `Target ${arn} has an invalid ${kind === 'thing' ? 'thing' : 'thing group'} name`, { target: arn });
  }
  return kind === 'thing'
    ? { kind: 'thing', thingName: name, thingArn: arn, region, accountId }
    : { kind: 'group', thingGroupName: name, thingGroupArn: arn, region, accountId };
}

/** Parses a thing ARN; a thing-group ARN is refused. */
export function parseThingArn(arn: string): ThingTarget {
  const target = parseJobTarget(arn);
  if (target.kind !== 'thing') throw new DomainError('InvalidRequest', `Target ${arn} is not a thing ARN`, { target: arn });
  const { kind: _kind, ...thing } = target;
  return thing;
}

/** Parses every target, drops repeats (a thing gets one execution however often it is listed). */
export function parseJobTargets(targets: readonly string[]): JobTarget[] {
  if (targets.length === 0) {
    throw new DomainError('InvalidRequest', 'A job needs at least one target');
  }
  const unique = [...new Set(targets)];
  if (unique.length > MAX_JOB_TARGETS) {
    throw new DomainError('InvalidRequest', `A job can have at most ${MAX_JOB_TARGETS} targets, got ${unique.length}`);
  }
  const parsed = unique.map(parseJobTarget);
  assertOneArnPerName(parsed);
  return parsed;
}

/** Two ARNs for one thing name (other region/account) would share one execution stream. */
function assertOneArnPerName(targets: readonly JobTarget[]): void {
  const seen = new Set<string>();
  for (const target of targets) {
    const key = target.kind === 'thing' ? `thing/${target.thingName}` : `group/${target.thingGroupName}`;
    if (seen.has(key)) {
      throw new DomainError(
        'InvalidRequest',
        `${target.kind === 'thing' ? 'Thing' : 'Thing group'} ${key.slice(key.indexOf('/') + 1)} is targeted by more than one ARN`,
      );
    }
    seen.add(key);
  }
}

export function assertDocumentChoice(document: string | undefined, documentSource: string | undefined): void {
  if ((document === undefined) === (documentSource === undefined)) {
    throw new DomainError('InvalidRequest', 'Exactly one of document and documentSource is required');
  }
}

export function assertTimeoutConfig(config: TimeoutConfig | undefined): void {
  const minutes = config?.inProgressTimeoutInMinutes;
  if (minutes !== undefined && !isTimeoutMinutes(minutes)) {
    throw new DomainError('InvalidRequest', `inProgressTimeoutInMinutes must be ${MIN_TIMEOUT_MINUTES}–${MAX_TIMEOUT_MINUTES}`);
  }
}

/** −1 means "clear the step timer" and is accepted only where the device API allows it. */
export function assertStepTimeout(minutes: number | undefined, allowClear: boolean): void {
  if (minutes === undefined || isTimeoutMinutes(minutes) || (allowClear && minutes === -1)) return;
  throw new DomainError('InvalidRequest', `stepTimeoutInMinutes must be ${MIN_TIMEOUT_MINUTES}–${MAX_TIMEOUT_MINUTES}${allowClear ? ' or -1' : ''}`);
}

export function assertRetryConfig(config: JobExecutionsRetryConfig | undefined): void {
  if (config === undefined) return;
  const criteria = config.criteriaList;
  if (criteria.length < 1 || criteria.length > 2) {
    throw new DomainError('InvalidRequest', 'jobExecutionsRetryConfig.criteriaList needs 1 or 2 entries');
  }
  if (new Set(criteria.map((c) => c.failureType)).size !== criteria.length) {
    throw new DomainError('InvalidRequest', 'Each failureType may appear once in jobExecutionsRetryConfig');
  }
  const total = criteria.reduce((sum, c) => sum + c.numberOfRetries, 0);
  if (criteria.some((c) => !Number.isInteger(c.numberOfRetries) || c.numberOfRetries < 0) || total > MAX_RETRIES_PER_DEVICE) {
    throw new DomainError('InvalidRequest', `Retries must be whole numbers totalling at most ${MAX_RETRIES_PER_DEVICE}`);
  }
}

function isTimeoutMinutes(minutes: number): boolean {
  return Number.isInteger(minutes) && minutes >= MIN_TIMEOUT_MINUTES && minutes <= MAX_TIMEOUT_MINUTES;
}

/** abortConfig (docs/aws-behaviour.md §16): 1+ criteria, each failure type at most once. */
export function assertAbortConfig(config: AbortConfig | undefined): void {
  if (config === undefined) return;
  const criteria = config.criteriaList;
  if (criteria.length < 1) throw new DomainError('InvalidRequest', 'abortConfig.criteriaList needs at least 1 entry');
  if (new Set(criteria.map((c) => c.failureType)).size !== criteria.length) {
    throw new DomainError('InvalidRequest', 'Each failureType may appear once in abortConfig');
  }
  for (const c of criteria) {
    if (!(c.thresholdPercentage >= 0 && c.thresholdPercentage <= MAX_ABORT_THRESHOLD_PERCENTAGE)) {
      throw new DomainError('InvalidRequest', `thresholdPercentage must be 0–${MAX_ABORT_THRESHOLD_PERCENTAGE}`);
    }
    if (!Number.isInteger(c.minNumberOfExecutedThings) || c.minNumberOfExecutedThings < 1) {
      throw new DomainError('InvalidRequest', 'minNumberOfExecutedThings must be a whole number of at least 1');
    }
  }
}
