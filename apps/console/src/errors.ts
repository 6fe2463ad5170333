/** Turns any failure into a sentence an operator can act on; never a stack trace. */
export function describeError(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const detail = e?.message ? ` (${e.message})` : '';
  switch (e?.name) {
    case 'InvalidSignatureException':
      return `The service did not accept the signature: the secret access key, or the region, does not match this access key ID${detail}. Sign out and sign in again with the right secret.`;
    case 'UnrecognizedClientException':
      return 'The service does not know this access key ID. Check it, or ask for an operator principal.';
    case 'MissingAuthenticationTokenException':
    case 'IncompleteSignatureException':
      return 'The request reached the service without a valid signature. Sign out and sign in again.';
    case 'AccessDeniedException':
      return `Your credentials are not allowed to do this (403)${detail}. The console needs an operator principal, not a device.`;
    case 'ThrottlingException':
      return 'The service is throttling your requests. Wait a few seconds and try again.';
    case 'ResourceNotFoundException':
      return `It no longer exists${detail}. It may have been deleted.`;
    case 'VersionConflictException':
      return 'It changed since this page loaded, so nothing was done. Look at the new state and try again if still needed.';
    case 'InvalidStateTransitionException':
      return `Not possible in its current state${detail}.`;
    case 'InvalidRequestException':
      return `The service refused the request${detail}.`;
    case 'LimitExceededException':
      return `A service limit was reached${detail}. Try again later.`;
    case 'ServiceUnavailableException':
      return 'The service is temporarily unavailable (its database may be down). Try again shortly.';
  }
  if (error instanceof TypeError) return 'The service could not be reached. Check your network connection and that the service is running.';
  const status = e?.$metadata?.httpStatusCode;
  if (status === 403) return `Access denied (403)${detail}.`;
  return `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? String(error)}`;
}
