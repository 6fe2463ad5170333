import { Controller, Get, Header, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { ReadinessProbes, type ReadinessProbe } from './readiness.js';

/**
 * Liveness says the process serves HTTP (restart it if not); readiness says its dependencies
 * answer (route traffic to it only then). Both are outside the AWS API: public, and a failure
 * is answered here as terminus' JSON with 503, never turned into an AWS error by the global filter.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessProbes,
  ) {}

  @Get('live')
  @Header('Cache-Control', 'no-store')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @Header('Cache-Control', 'no-store')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<unknown> {
    try {
      return await this.health.check(this.readiness.probes.map((probe) => () => this.run(probe)));
    } catch (error) {
      // terminus throws ServiceUnavailableException carrying the full result as its response.
      reply.status(503);
      return (error as { getResponse?: () => unknown }).getResponse?.() ?? { status: 'error' };
    }
  }

  private async run(probe: ReadinessProbe) {
    const indicator = this.indicators.check(probe.name);
    try {
      return indicator.up(await probe.probe());
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
