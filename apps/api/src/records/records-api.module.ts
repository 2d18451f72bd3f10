// The HTTP side of records.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { RecordsModule } from '@stagecraft/records';
import { RecordsController } from './records.controller.js';
import { SchemaRaceRetry } from './schema-race-retry.js';

@Module({
  imports: [RecordsModule, CollectionsModule],
  providers: [SchemaRaceRetry],
  controllers: [RecordsController],
})
export class RecordsApiModule {}
