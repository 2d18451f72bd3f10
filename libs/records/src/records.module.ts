// The records engine for the API: generated CRUD over every collection.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { PreparedStatements } from '@stagecraft/database';
import { OutboxWakeupModule } from '@stagecraft/events';
import pg from 'pg';
import { RecordsService } from './records.service.js';
import { CachedReads } from './response-cache/cached-reads.js';
import { ResponseCache } from './response-cache/response-cache.service.js';

// Dates stay `YYYY-MM-DD` strings: as JS Dates they would shift with the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

@Module({
  imports: [CollectionsModule, OutboxWakeupModule],
  providers: [RecordsService, PreparedStatements, ResponseCache, CachedReads],
  exports: [RecordsService, PreparedStatements, ResponseCache, CachedReads],
})
export class RecordsModule {}
