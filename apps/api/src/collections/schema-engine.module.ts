// The HTTP side of the schema engine: collections, fields and schema-as-code (whose documents
// carry the functions too, hence FunctionsModule).

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { FunctionsModule } from '@stagecraft/functions';
import { CollectionsController } from './collections.controller.js';
import { SchemaController } from './schema.controller.js';

@Module({
  imports: [CollectionsModule, FunctionsModule],
  controllers: [CollectionsController, SchemaController],
})
export class SchemaEngineModule {}
