// The jobs admin use cases for the API; the queues come from QueuesModule.forRoot.

import { Module } from '@nestjs/common';
import { JobsAdminService, queueRegistryProvider } from './jobs-admin.service.js';

@Module({
  providers: [queueRegistryProvider, JobsAdminService],
  exports: [JobsAdminService],
})
export class JobsAdminModule {}
