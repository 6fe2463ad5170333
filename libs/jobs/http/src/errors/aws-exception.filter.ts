import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { planeOf } from '../planes.js';
import { explainUnroutable } from './empty-path-label.js';
import { ensureRequestId } from './request-id.js';
import { type AwsErrorResponse, toAwsErrorResponse } from './to-aws-error.js';

/**
 * The single place where anything thrown on the way to or from a handler becomes an AWS error
 * response: `x-amzn-ErrorType`, `x-amzn-RequestId` and a JSON `{"message"}` body (never HTML or
 * plain text, which the SDK cannot parse).
 */
@Catch()
export class AwsExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('AwsExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (reply.sent) return;
    const response = toAwsErrorResponse(explainUnroutable(exception, request.url), planeOf(request.url));
    const requestId = ensureRequestId(reply);
    if (response.unexpected) this.logUnexpected(exception, request, requestId);
    sendAwsError(reply, response);
  }

  private logUnexpected(exception: unknown, request: FastifyRequest, requestId: string): void {
    const detail = exception instanceof Error ? (exception.stack ?? exception.message) : String(exception);
    this.logger.error(`${request.method} ${request.url} (request ${requestId}) failed: ${detail}`);
  }
}

export function sendAwsError(reply: FastifyReply, response: AwsErrorResponse): void {
  for (const [name, value] of Object.entries(response.headers ?? {})) reply.header(name, value);
  void reply
    .status(response.status)
    .header('x-amzn-ErrorType', response.name)
    .header('content-type', 'application/json')
    .send(JSON.stringify(response.body));
}
