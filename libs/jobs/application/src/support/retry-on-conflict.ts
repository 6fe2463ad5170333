import { DomainError } from '#jobs/domain';
import { StreamConflictError } from '../ports/event-store.port.js';

const MAX_ATTEMPTS = 8;

/**
 * Optimistic concurrency for callers that did not pin a version: when another writer moved a
 * stream between our read and our append, read again and decide again. A caller that pinned
 * `expectedVersion` must learn about the conflict instead (VersionConflict).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: { pinned: boolean }): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof StreamConflictError)) throw error;
      if (options.pinned) {
        throw new DomainError('VersionConflict', 'The job execution was changed by another request; read it again and retry');
      }
      if (attemptNumber >= MAX_ATTEMPTS) {
        throw new DomainError('Conflict', 'Too many concurrent changes to the same resource; retry the request');
      }
      await backoff(attemptNumber);
    }
  }
}

function backoff(attemptNumber: number): Promise<void> {
  const ms = Math.random() * Math.min(2 ** attemptNumber, 50);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
