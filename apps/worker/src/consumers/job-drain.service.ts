// On shutdown, the first thing the worker does is stop taking jobs and wait for the ones in
// flight: every BullMQ worker is closed here, in onModuleDestroy, while the database pool
// and Redis are still open (they close later, in onApplicationShutdown). main.ts bounds the
// whole shutdown by SHUTDOWN_TIMEOUT_MS; a job cut off by that bound is picked up again by
// another worker once its lock expires.

import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { workerHosts } from './consumer-error-log.service.js';

@Injectable()
export class JobDrainService implements OnModuleDestroy {
  private readonly logger = new Logger(JobDrainService.name);

  constructor(private readonly discovery: DiscoveryService) {}

  async onModuleDestroy(): Promise<void> {
    const hosts = workerHosts(this.discovery);
    const started = Date.now();
    await Promise.all(hosts.map((host) => host.worker.close()));
    this.logger.log(`Stopped ${hosts.length} job consumers in ${Date.now() - started} ms`);
  }
}
