import { MAX_RETRIES_PER_DEVICE, type JobExecutionsRetryConfig, type RetryableFailure } from '../job-config.js';
import type { RetriesUsed } from './state.js';

/**
 * Whether another automatic retry may follow a `failure`, given the retries already used in this
 * chain of attempts. A criterion for the failure's own type wins; otherwise an ALL criterion
 * limits the retries of both types together. The per-device cap of 10 always applies.
 */
export function retryAllowed(config: JobExecutionsRetryConfig, failure: RetryableFailure, used: RetriesUsed): boolean {
  const total = used.FAILED + used.TIMED_OUT;
  if (total >= MAX_RETRIES_PER_DEVICE) return false;
  const specific = config.criteriaList.find((criterion) => criterion.failureType === failure);
  if (specific) return used[failure] < specific.numberOfRetries;
  const all = config.criteriaList.find((criterion) => criterion.failureType === 'ALL');
  return all !== undefined && total < all.numberOfRetries;
}
