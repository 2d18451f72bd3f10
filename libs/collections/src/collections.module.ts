// The schema engine for Nest apps: the cached snapshot, the change runner, the use cases, and
// the registry where features that store expressions register to follow renames.

import { Module } from '@nestjs/common';
import { CollectionsService } from './collections.service.js';
import { ReferenceHolders } from './references/reference-holders.js';
import { SchemaCacheService } from './schema-cache.service.js';
import { SchemaChangeRunner } from './schema-change.runner.js';

@Module({
  providers: [SchemaCacheService, SchemaChangeRunner, CollectionsService, ReferenceHolders],
  exports: [SchemaCacheService, CollectionsService, ReferenceHolders],
})
export class CollectionsModule {}
