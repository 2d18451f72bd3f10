// Gives every BullMQ worker (one per queue this process consumes) an 'error' listener, so an
// outage is logged as JSON lines by rule (bullmqErrorListener) rather than printed by BullMQ as
// one raw stack trace per failed reconnect.

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { bullmqErrorListener } from '@stagecraft/jobs';

@Injectable()
export class ConsumerErrorLogService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Consumers');

  constructor(private readonly discovery: DiscoveryService) {}

  /** At bootstrap: @nestjs/bullmq creates the workers during module initialisation. */
  onApplicationBootstrap(): void {
    for (const host of workerHosts(this.discovery)) {
      host.worker.on('error', bullmqErrorListener(this.logger, `Consumer of "${host.worker.name}"`));
    }
  }
}

export function workerHosts(discovery: DiscoveryService): WorkerHost[] {
  return discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is WorkerHost => instance instanceof WorkerHost);
}
