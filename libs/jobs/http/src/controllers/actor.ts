import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

export const ANONYMOUS_ACTOR = 'anonymous';

const CREDENTIAL = /Credential=([^/,\s]+)\//;

/**
 * The principal a request acts for: the access key id of its SigV4 `Credential=AKID/...` scope.
 * Signatures are not verified yet (a later issue), so this names, it does not authenticate.
 */
export function actorFromAuthorization(authorization: string | string[] | undefined): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  return (header && CREDENTIAL.exec(header)?.[1]) || ANONYMOUS_ACTOR;
}

/** Controller parameter decorator for the actor of the current request. */
export const Actor = createParamDecorator((_data: unknown, context: ExecutionContext): string =>
  actorFromAuthorization(context.switchToHttp().getRequest<FastifyRequest>().headers.authorization),
);
