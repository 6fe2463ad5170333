import { DomainError } from '../errors.js';
import {
  MAX_INCREMENT_FACTOR,
  MAX_ROLLOUT_PER_MINUTE,
  MIN_INCREMENT_FACTOR,
  type ExponentialRolloutRate,
  type JobExecutionsRolloutConfig,
} from '../job-config.js';

/**
 * The pace of a rollout (docs/aws-behaviour.md §19): how many targets may be notified (get their
 * QUEUED execution) per minute, and how many more may be notified now given the recent ones.
 */

/** The sliding window the rate counts in. */
export const ROLLOUT_WINDOW_MS = 60_000;

/** How far a rollout got: what the exponential rate's criteria count. */
export interface RolloutProgress {
  readonly notified: number;
  readonly succeeded: number;
}

/** One batch of notifications: `count` targets got their execution at `at` (ISO-8601). */
export interface RolloutBatch {
  readonly at: string;
  readonly count: number;
}

/**
 * Targets per minute: `floor(base × factor^k)`, where k is how many whole multiples of a criterion
 * the progress reached (whichever criterion is further), capped at maximumPerMinute and at 1000.
 */
export function rolloutRatePerMinute(config: JobExecutionsRolloutConfig, progress: RolloutProgress): number {
  const cap = Math.min(config.maximumPerMinute ?? MAX_ROLLOUT_PER_MINUTE, MAX_ROLLOUT_PER_MINUTE);
  const exponential = config.exponentialRate;
  if (exponential === undefined) return cap;
  const step = rateStep(exponential, progress);
  // The epsilon keeps a product that is a whole number in decimal (50 × 1.1² = 60.5…) from flooring one short.
  const rate = Math.floor(exponential.baseRatePerMinute * exponential.incrementFactor ** step + 1e-9);
  return Math.min(cap, rate);
}

function rateStep(exponential: ExponentialRolloutRate, progress: RolloutProgress): number {
  const { numberOfNotifiedThings, numberOfSucceededThings } = exponential.rateIncreaseCriteria;
  const byNotified = numberOfNotifiedThings ? Math.floor(progress.notified / numberOfNotifiedThings) : 0;
  const bySucceeded = numberOfSucceededThings ? Math.floor(progress.succeeded / numberOfSucceededThings) : 0;
  return Math.max(byNotified, bySucceeded);
}

/** The batches still inside the window that ends at `now`. */
export function batchesWithin(batches: readonly RolloutBatch[], now: Date): RolloutBatch[] {
  const from = now.getTime() - ROLLOUT_WINDOW_MS;
  return batches.filter((batch) => Date.parse(batch.at) > from);
}

/** How many more targets may be notified at `now` without exceeding `rate` in the last 60 s. */
export function rolloutAllowance(rate: number, batches: readonly RolloutBatch[], now: Date): number {
  const recent = batchesWithin(batches, now).reduce((sum, batch) => sum + batch.count, 0);
  return Math.max(0, rate - recent);
}

/**
 * When the next target may be notified: now if the window has room, else when enough of its oldest
 * batches leave it that fewer than `rate` remain.
 */
export function nextRolloutAt(rate: number, batches: readonly RolloutBatch[], now: Date): Date {
  const recent = batchesWithin(batches, now);
  let inWindow = recent.reduce((sum, batch) => sum + batch.count, 0);
  if (inWindow < rate) return now;
  for (const batch of recent) {
    inWindow -= batch.count;
    if (inWindow < rate) return new Date(Date.parse(batch.at) + ROLLOUT_WINDOW_MS);
  }
  return now;
}

/** jobExecutionsRolloutConfig (docs/aws-behaviour.md §19.1). */
export function assertRolloutConfig(config: JobExecutionsRolloutConfig | undefined): void {
  if (config === undefined) return;
  if (config.maximumPerMinute !== undefined && !isPerMinute(config.maximumPerMinute)) {
    throw new DomainError('InvalidRequest', `maximumPerMinute must be a whole number from 1 to ${MAX_ROLLOUT_PER_MINUTE}`);
  }
  const exponential = config.exponentialRate;
  if (exponential === undefined) return;
  if (!isPerMinute(exponential.baseRatePerMinute)) {
    throw new DomainError('InvalidRequest', `baseRatePerMinute must be a whole number from 1 to ${MAX_ROLLOUT_PER_MINUTE}`);
  }
  const factor = exponential.incrementFactor;
  if (!(factor >= MIN_INCREMENT_FACTOR && factor <= MAX_INCREMENT_FACTOR) || Math.abs(factor * 10 - Math.round(factor * 10)) > 1e-9) {
    throw new DomainError(
      'InvalidRequest',
      `incrementFactor must be from ${MIN_INCREMENT_FACTOR} to ${MAX_INCREMENT_FACTOR} with at most one decimal`,
    );
  }
  const { numberOfNotifiedThings, numberOfSucceededThings } = exponential.rateIncreaseCriteria;
  if (numberOfNotifiedThings === undefined && numberOfSucceededThings === undefined) {
    throw new DomainError('InvalidRequest', 'rateIncreaseCriteria needs numberOfNotifiedThings or numberOfSucceededThings');
  }
  for (const count of [numberOfNotifiedThings, numberOfSucceededThings]) {
    if (count !== undefined && !(Number.isInteger(count) && count >= 1)) {
      throw new DomainError('InvalidRequest', 'rateIncreaseCriteria counts must be whole numbers of at least 1');
    }
  }
}

function isPerMinute(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= MAX_ROLLOUT_PER_MINUTE;
}
