// Liveness (the process answers) and readiness (its dependencies answer) for orchestrators.

import { Controller, Get, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { ReadinessService, type Readiness } from './readiness.service.js';

const CHECK = {
  type: 'object' as const,
  required: ['status'],
  properties: { status: { type: 'string' as const, enum: ['up', 'down'] } },
  additionalProperties: true,
};

@ApiTags('ops')
@Public()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process is running and serving HTTP',
    description: 'Touches neither PostgreSQL nor Redis, so an outage of either does not get the process restarted.',
  })
  @ApiOkResponse({ schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: PostgreSQL, Redis and a recent worker heartbeat',
    description:
      'Each check has a 2-second timeout; a load balancer should send traffic only while this answers 200. It answers 503 as soon as the process starts shutting down.',
  })
  @ApiOkResponse({
    description: 'Every dependency is up',
    schema: {
      type: 'object',
      required: ['status', 'checks'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        checks: {
          type: 'object',
          required: ['postgres', 'redis', 'worker'],
          properties: { postgres: CHECK, redis: CHECK, worker: CHECK },
        },
      },
    },
  })
  @ApiServiceUnavailableResponse({ description: 'A problem document naming what is down, with `checks`' })
  async ready(): Promise<{ status: 'ok'; checks: Readiness['checks'] }> {
    if (this.readiness.shuttingDown) {
      throw new AppException(ErrorCode.ServiceUnavailable, 'Not ready: this process is shutting down.');
    }
    const { ready, checks } = await this.readiness.check();
    if (!ready) {
      const down = Object.entries(checks)
        .filter(([, check]) => check.status === 'down')
        .map(([name, check]) => `${name} (${check.error ?? 'down'})`);
      throw new AppException(ErrorCode.ServiceUnavailable, `Not ready: ${down.join(', ')} down.`, {
        extensions: { checks },
      });
    }
    return { status: 'ok', checks };
  }
}
