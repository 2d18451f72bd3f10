// GET /metrics in the Prometheus text format; behind a bearer token when METRICS_TOKEN is set.

import { Controller, Get, Header, Headers, Inject, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { OwnCredentials } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { MetricsService } from './metrics.service.js';

/** Compares digests, so neither the length nor a prefix of the token leaks through timing. */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string): Buffer => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

// A scraper is no user: the access guard leaves this route alone, the optional token is checked
// here, and the OpenAPI document says whether this instance asks for it (docs/openapi.ts).
@ApiTags('ops')
@OwnCredentials()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({
    summary: 'Prometheus metrics: HTTP request durations by route and status, process metrics',
    description: 'Open unless METRICS_TOKEN is set; then send it as `Authorization: Bearer <METRICS_TOKEN>`.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Metrics in the Prometheus text exposition format', schema: { type: 'string' } })
  render(@Headers('authorization') authorization: string | undefined): Promise<string> {
    const expected = this.config.metricsToken;
    if (expected !== undefined) {
      const given = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (given === undefined || !sameSecret(given, expected)) {
        throw new AppException(ErrorCode.Unauthorized, 'Metrics need the bearer token set by METRICS_TOKEN.');
      }
    }
    return this.metrics.render();
  }
}
