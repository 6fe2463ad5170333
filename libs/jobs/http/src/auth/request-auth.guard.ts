import { type CanActivate, type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { RequestGate } from '#auth';
import { planeOf } from '../planes.js';
import { rememberPrincipal } from './principal.js';
import { rawBodyOf } from './raw-body.js';

/**
 * Runs the request gate (SigV4, throttling, authorization) before any pipe or handler of the AWS
 * API controllers, so a refused request changes nothing. It runs after routing, which gives it the
 * thing name of the path; what it throws is answered by the AwsExceptionFilter like every other
 * error. Other controllers of the app (health, metrics) are not the AWS API and are left alone.
 */
@Injectable()
export class RequestAuthGuard implements CanActivate {
  constructor(
    private readonly gate: RequestGate,
    private readonly gatedControllers: ReadonlySet<Type>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.gatedControllers.has(context.getClass())) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    const thingName = params['thingName'];
    const principal = await this.gate.admit(
      {
        method: request.method,
        // The URL before rewriteUrl touched it: the client signed that one.
        url: request.originalUrl,
        headers: request.headers,
        rawHeaders: request.raw.rawHeaders,
        body: rawBodyOf(request),
      },
      { plane: planeOf(request.url), ...(thingName === undefined ? {} : { thingName }) },
    );
    rememberPrincipal(request, principal);
    return true;
  }
}
