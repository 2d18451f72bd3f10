import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { RecordsModule } from '@stagecraft/records';
import { GraphqlService } from './graphql.service.js';

@Module({
  imports: [RecordsModule, CollectionsModule],
  providers: [GraphqlService],
  exports: [GraphqlService],
})
export class GraphqlModule {}
