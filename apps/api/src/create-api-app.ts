// Builds the API application (not yet listening): Fastify with JSON logs and request ids,
// security headers, CORS, response compression, body limits (size, nesting, draining), metrics,
// problem+json errors, versioned routes and docs.
// main.ts and the integration tests both start the API through this function.

import cors from '@fastify/cors';
import { RequestMethod, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@stagecraft/config';
import {
  createLogger,
  createValidationPipe,
  PinoNestLogger,
  resolveLogFormat,
  ProblemExceptionFilter,
  REQUEST_ID_HEADER,
  requestIdFor,
} from '@stagecraft/core';
import { LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { registerCompression } from './common/compression.js';
import { clientErrorHandler, frameworkErrorHandler } from './common/framework-errors.js';
import { registerJsonBodyParser } from './common/json-body.js';
import { computeSecurityHeaders } from './common/security-headers.js';
import { UnexpectedBodyGuard } from './common/unexpected-body.guard.js';
import { registerBodyDrain } from './common/unread-body.js';
import { endUnusedConnectionsOnClose } from './common/unused-connections.js';
import { serveConsole } from './console/serve-console.js';
import { registerUploadBodies } from './jobs/upload-body.js';
import { mountDocs } from './docs/openapi.js';
import { MetricsService } from './metrics/metrics.service.js';
import { registerWebSockets } from './websockets.js';
import { registerResumableUploads } from './files/uploads-route.js';

export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const logger = createLogger({
    level: config.logLevel,
    name: 'stagecraft-api',
    format: resolveLogFormat(config.logFormat, config.env),
  });
  const securityHeaders = computeSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Swagger UI injects its styles inline and shows data: images.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // The console shows images and PDFs of file fields from blob: URLs (fetched with the session's token).
        imgSrc: ["'self'", 'data:', 'blob:'],
        frameSrc: ["'self'", 'blob:'],
        scriptSrc: ["'self'"],
        // Self-hosted instances often run on plain HTTP inside a LAN; upgrading would break them.
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
  });
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    // One line per request (written when it completes, below) rather than two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    genReqId: requestIdFor,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // What the router and Node's HTTP parser refuse answers problem+json too.
    frameworkErrors: frameworkErrorHandler(securityHeaders),
    clientErrorHandler: clientErrorHandler(securityHeaders, config.bodyDrain.timeoutMs),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: true,
    // Start-up errors are thrown to the caller (main exits with a message; tests see the error).
    abortOnError: false,
  });

  const fastify = app.getHttpAdapter().getInstance();
  endUnusedConnectionsOnClose(fastify);
  const metrics = app.get(MetricsService);
  // Callback hooks, not async ones: every request runs them, and a promise each is measurable.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.headers(securityHeaders).header(REQUEST_ID_HEADER, request.id);
    done();
  });
  const logRequests = logger.isLevelEnabled('info');
  fastify.addHook('onResponse', (request, reply, done) => {
    const elapsedMs = reply.elapsedTime;
    metrics.observeRequest(request.method, request.routeOptions.url, reply.statusCode, elapsedMs / 1000);
    if (logRequests) {
      request.log.info(
        {
          req: { method: request.method, url: request.url },
          res: { statusCode: reply.statusCode },
          responseTime: elapsedMs,
        },
        'request completed',
      );
    }
    done();
  });

  if (config.corsOrigins.length > 0) {
    await app.register(cors, {
      origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
      exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After'],
      maxAge: 600,
    });
  }

  // Before any route is added: the plugin attaches itself to routes as they are registered.
  await registerCompression(app);
  registerJsonBodyParser(app, config);
  await registerUploadBodies(app, config);
  registerBodyDrain(fastify, config.bodyDrain);
  await registerWebSockets(app);
  registerResumableUploads(app);

  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  app.enableVersioning({ type: VersioningType.URI, defaultVersion: '1' });
  app.useGlobalFilters(new ProblemExceptionFilter());
  app.useGlobalGuards(new UnexpectedBodyGuard());
  app.useGlobalPipes(createValidationPipe());
  mountDocs(app, config);
  await serveConsole(app, config.adminUiDir);
  return app;
}
