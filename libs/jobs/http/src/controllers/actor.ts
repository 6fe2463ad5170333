import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { principalOf } from '../auth/principal.js';

export const ANONYMOUS_ACTOR = 'anonymous';

const CREDENTIAL = /Credential=([^/,\s]+)\//;

/**
 * The principal a request acts for: the access key id of its SigV4 `Credential=AKID/...` scope.
 * Used only when authentication is disabled: then this names, it does not authenticate.
 */
export function actorFromAuthorization(authorization: string | string[] | undefined): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  return (header && CREDENTIAL.exec(header)?.[1]) || ANONYMOUS_ACTOR;
}

/**
 * Controller parameter decorator for the actor of the current request: the name of the principal
 * the gate authenticated, or (authentication disabled) the unverified access key id.
 */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return principalOf(request)?.name ?? actorFromAuthorization(request.headers.authorization);
});
