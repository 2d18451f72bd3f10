// The schema engine for Nest apps: the cached snapshot, the change runner and the use cases.

import { Module } from '@nestjs/common';
import { CollectionsService } from './collections.service.js';
import { SchemaCacheService } from './schema-cache.service.js';
import { SchemaChangeRunner } from './schema-change.runner.js';

@Module({
  providers: [SchemaCacheService, SchemaChangeRunner, CollectionsService],
  exports: [SchemaCacheService, CollectionsService],
})
export class CollectionsModule {}
