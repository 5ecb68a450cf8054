import { Controller, Get, Header, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';

import { DomainError } from '../common/domain-error.js';
import { bearerToken, secretMatcher } from '../common/secrets.js';
import { AppConfig } from '../config/app-config.js';
import { Metrics } from './metrics.js';

/**
 * `GET /metrics` in Prometheus's text format. With METRICS_TOKEN set, scrapers send it as a bearer
 * token; unset, the endpoint is open, as is usual on an internal port.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  private readonly matches?: (token: string) => boolean;

  constructor(
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    if (config.metricsToken !== undefined) this.matches = secretMatcher(config.metricsToken);
  }

  @Get()
  @ApiOperation({
    summary: "The service's metrics in Prometheus's text format",
    description:
      'Billing calls by outcome, batch sizes and durations, queue depths, pool use, holds, HTTP request ' +
      'durations, and Node.js process figures. With METRICS_TOKEN set, send it as a bearer token; unset, ' +
      'the endpoint is open.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The exposition format, version 0.0.4.',
    content: { 'text/plain': { schema: { type: 'string', example: 'quota_queue_depth{kind="charge"} 0\n' } } },
  })
  @ApiUnauthorizedResponse({
    description: 'UNAUTHENTICATED: METRICS_TOKEN is set and was not sent.',
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/ErrorBodyDto' },
        example: {
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          message: 'GET /metrics needs METRICS_TOKEN: send Authorization: Bearer <token>.',
        },
      },
    },
  })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  // The header is read from the request: as a parameter, the document would list it as required.
  scrape(@Req() request: FastifyRequest): Promise<string> {
    if (this.matches) {
      const token = bearerToken(request.headers.authorization);
      if (token === undefined || !this.matches(token)) {
        throw new DomainError(
          'UNAUTHENTICATED',
          'GET /metrics needs METRICS_TOKEN: send Authorization: Bearer <token>.',
        );
      }
    }
    return this.metrics.registry.metrics();
  }
}
