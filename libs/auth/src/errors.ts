/**
 * Why a request was refused before it reached a handler. The HTTP edge turns each code into the
 * AWS error of the same name (`<code>Exception`, 403; `Throttling` is the plane's modeled
 * ThrottlingException). Messages never contain a secret or a computed signature.
 */
export type AuthFailureCode =
  | 'MissingAuthenticationToken'
  | 'IncompleteSignature'
  | 'UnrecognizedClient'
  | 'InvalidSignature'
  | 'AccessDenied'
  | 'Throttling';

export class AuthError extends Error {
  constructor(
    readonly code: AuthFailureCode,
    message: string,
    /** Only for `Throttling`: whole seconds until a token is available again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = `${code}Exception`;
  }
}
