// The HTTP side of functions: admin endpoints, secrets, and the HTTP trigger.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { FunctionsModule } from '@stagecraft/functions';
import { FunctionInvokeController } from './function-invoke.controller.js';
import { FunctionSecretsController } from './function-secrets.controller.js';
import { FunctionsController } from './functions.controller.js';

@Module({
  imports: [FunctionsModule, CollectionsModule],
  controllers: [FunctionsController, FunctionSecretsController, FunctionInvokeController],
})
export class FunctionsApiModule {}
