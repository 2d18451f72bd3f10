// The HTTP side of records.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { FilesModule } from '@stagecraft/files';
import { RecordsModule } from '@stagecraft/records';
import { RecordsController } from './records.controller.js';
import { RecordForms } from './record-forms.js';
import { SchemaRaceRetry } from './schema-race-retry.js';

@Module({
  imports: [RecordsModule, CollectionsModule, FilesModule],
  providers: [SchemaRaceRetry, RecordForms],
  controllers: [RecordsController],
})
export class RecordsApiModule {}
