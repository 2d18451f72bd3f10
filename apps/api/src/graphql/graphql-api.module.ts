// The HTTP side of GraphQL.

import { Module } from '@nestjs/common';
import { GraphqlModule } from '@stagecraft/graphql';
import { GraphqlController } from './graphql.controller.js';

@Module({ imports: [GraphqlModule], controllers: [GraphqlController] })
export class GraphqlApiModule {}
