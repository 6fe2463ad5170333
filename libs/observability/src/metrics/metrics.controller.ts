import { Controller, Get, Header, Headers, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { mayScrape, UNAUTHORIZED_SCRAPE, type MetricsAccess } from './metrics-access.js';
import { ServiceMetrics } from './service-metrics.js';

export const METRICS_ACCESS = Symbol('MetricsAccess');

/** Prometheus scrape endpoint. Outside the AWS API: no SigV4, no AWS error shapes. */
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ServiceMetrics,
    @Inject(METRICS_ACCESS) private readonly access: MetricsAccess,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!mayScrape(authorization, this.access)) {
      reply.status(UNAUTHORIZED_SCRAPE.status).headers(UNAUTHORIZED_SCRAPE.headers);
      return UNAUTHORIZED_SCRAPE.body;
    }
    const { contentType, body } = await this.metrics.scrape();
    reply.header('Content-Type', contentType);
    return body;
  }
}
