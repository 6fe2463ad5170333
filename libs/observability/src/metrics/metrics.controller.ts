import { Controller, Get, Header, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ServiceMetrics } from './service-metrics.js';

/** Prometheus scrape endpoint. Outside the AWS API: no auth, no AWS error shapes. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.scrape();
    reply.header('Content-Type', contentType);
    return body;
  }
}
