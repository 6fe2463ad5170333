import { type ArgumentsHost, Catch, type CanActivate, type ExceptionFilter, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthError, RequestGate } from '#auth';
import { ensureRequestId, sendAwsError, toAwsErrorResponse } from '#jobs/http';
import type { HistoryConfig } from './config.js';

const NO_BODY = Buffer.alloc(0);

/** The gate the history routes pass, or null with AUTH_MODE=disabled. */
export const HISTORY_GATE = Symbol('HistoryGate');

/**
 * SigV4 for the audit-history API, with the jobs service's principals and rules (libs/auth):
 * signing name `iot-jobs-history`, the configured AWS_REGION; operators and auditors may read,
 * devices may not. Without a gate (AUTH_MODE=disabled) every request is let through.
 */
@Injectable()
export class HistoryAuthGuard implements CanActivate {
  constructor(@Inject(HISTORY_GATE) private readonly gate: RequestGate | null) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.gate === null) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    await this.gate.admit(
      // Every history route is a GET: a body, if any was sent, is not read, so it cannot verify.
      { method: request.method, url: request.originalUrl, headers: request.headers, rawHeaders: request.raw.rawHeaders, body: NO_BODY },
      { plane: 'history' },
    );
    return true;
  }
}

/** The gate's refusals in the same AWS shape (403 + `x-amzn-ErrorType`) as the jobs service's. */
@Catch(AuthError)
export class HistoryAuthErrorFilter implements ExceptionFilter {
  catch(error: AuthError, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    ensureRequestId(reply);
    sendAwsError(reply, toAwsErrorResponse(error, 'control'));
  }
}

export function historyGateFor(config: HistoryConfig): RequestGate | undefined {
  if (config.AUTH_MODE === 'disabled') return undefined;
  return new RequestGate({
    principals: config.AUTH_PRINCIPALS,
    region: config.AWS_REGION,
    throttle: { ratePerSecond: config.THROTTLE_RATE_PER_SECOND, burst: config.THROTTLE_BURST },
  });
}
