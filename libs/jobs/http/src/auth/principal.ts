import type { FastifyRequest } from 'fastify';
import type { Principal } from '#auth';

const principals = new WeakMap<object, Principal>();

/** The authenticated principal of a request, once the guard admitted it. */
export function principalOf(request: FastifyRequest): Principal | undefined {
  return principals.get(request.raw);
}

export function rememberPrincipal(request: FastifyRequest, principal: Principal): void {
  principals.set(request.raw, principal);
}
