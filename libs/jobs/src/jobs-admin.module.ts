// The jobs admin use cases for the API, and the event backlog figure; the queues come from
// QueuesModule.forRoot.

import { Module } from '@nestjs/common';
import { EventBacklogService } from './event-backlog.service.js';
import { JobsAdminService, queueRegistryProvider } from './jobs-admin.service.js';

@Module({
  providers: [queueRegistryProvider, JobsAdminService, EventBacklogService],
  exports: [JobsAdminService, EventBacklogService],
})
export class JobsAdminModule {}
