// The HTTP side of the schema engine: collections, fields and schema-as-code.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { CollectionsController } from './collections.controller.js';
import { SchemaController } from './schema.controller.js';

@Module({
  imports: [CollectionsModule],
  controllers: [CollectionsController, SchemaController],
})
export class SchemaEngineModule {}
