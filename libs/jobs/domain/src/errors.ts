/**
 * The reasons a command can be refused, in domain words. The HTTP edge maps each code to an AWS
 * error name and status in exactly one place; nothing in the domain or the application knows
 * about HTTP.
 */
export type DomainErrorCode =
  | 'ResourceNotFound' // the job, thing or execution does not exist
  | 'ResourceAlreadyExists' // a job with this id exists with different parameters
  | 'InvalidStateTransition' // the status machine forbids this change
  | 'VersionConflict' // expectedVersion differs from the aggregate's version
  | 'InvalidRequest' // the command is well-formed but semantically invalid
  | 'LimitExceeded' // a quota of the service would be exceeded
  | 'Conflict'; // another operation on the same resource is in the way

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra, code-specific facts (for example the current execution state on a conflict). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = `DomainError(${code})`;
  }
}
