// Functions for the API (and later the worker): storage, deploys, secrets, the invocation log
// and the runner with its sandbox pool.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { RecordsModule } from '@stagecraft/records';
import { DeployedFunctions } from './deployed-functions.js';
import { FunctionRunner } from './function-runner.service.js';
import { FunctionSecretsService } from './function-secrets.service.js';
import { FunctionsRepository } from './functions.repository.js';
import { FunctionsService } from './functions.service.js';
import { InvocationLog } from './invocation-log.js';

const providers = [
  FunctionsRepository,
  DeployedFunctions,
  FunctionsService,
  FunctionSecretsService,
  InvocationLog,
  FunctionRunner,
];

@Module({
  imports: [CollectionsModule, RecordsModule],
  providers,
  exports: providers,
})
export class FunctionsModule {}
