// Functions for the API and the worker: storage, deploys, secrets, the invocation log, the
// runner with its sandbox pool, before-write hooks on the records service, and functions in
// schema documents (snapshot, diff and apply with the collections).

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { RecordsModule } from '@stagecraft/records';
import { FunctionWriteHooks } from './before-write-hooks.js';
import { DeployedFunctions } from './deployed-functions.js';
import { FunctionRunner } from './function-runner.service.js';
import { FunctionSecretsService } from './function-secrets.service.js';
import { FunctionsDocumentService } from './functions-document.js';
import { FunctionsRepository } from './functions.repository.js';
import { FunctionsService } from './functions.service.js';
import { InvocationLog } from './invocation-log.js';
import { SchemaDocumentService } from './schema-document.service.js';

const providers = [
  FunctionsRepository,
  DeployedFunctions,
  FunctionsService,
  FunctionSecretsService,
  InvocationLog,
  FunctionRunner,
  FunctionWriteHooks,
  FunctionsDocumentService,
  SchemaDocumentService,
];

@Module({
  imports: [CollectionsModule, RecordsModule],
  providers,
  exports: providers,
})
export class FunctionsModule {}
