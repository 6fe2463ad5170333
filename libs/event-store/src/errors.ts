import type { ExpectedVersion } from './types.js';

/** The stream was not in the state the writer expected; nothing from the append was stored. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's version when the conflict was seen, if known. */
    readonly actual?: number,
    options?: ErrorOptions,
  ) {
    super(
      `Concurrency conflict on stream "${streamId}": expected ${String(expected)}` + (actual === undefined ? '' : `, actual version ${actual}`),
      options,
    );
  }
}

export function isConcurrencyError(error: unknown): error is ConcurrencyError {
  return error instanceof ConcurrencyError;
}
