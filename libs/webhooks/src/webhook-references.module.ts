// Registers webhook conditions with the schema engine, so renames carry them along. Every app
// that changes the schema imports it: the API through WebhooksModule, the CLI directly.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { WebhookConditionReferences } from './webhook-references.js';

@Module({
  imports: [CollectionsModule],
  providers: [WebhookConditionReferences],
})
export class WebhookReferencesModule {}
