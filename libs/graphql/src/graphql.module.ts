import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { CollectionsModule } from '@stagecraft/collections';
import { RealtimeModule } from '@stagecraft/realtime';
import { RecordsModule } from '@stagecraft/records';
import { GraphqlService } from './graphql.service.js';
import { GraphqlWsServer } from './subscriptions/graphql-ws-server.js';

@Module({
  imports: [RecordsModule, CollectionsModule, RealtimeModule, AuthModule],
  providers: [GraphqlService, GraphqlWsServer],
  exports: [GraphqlService, GraphqlWsServer],
})
export class GraphqlModule {}
