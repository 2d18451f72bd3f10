// The live OpenAPI document: the static endpoints merged with every collection's generated
// paths and schemas. Rebuilt once per schema version, so it changes the moment the schema
// does and costs nothing between changes.

import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SchemaCacheService, type SchemaSnapshot } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { buildRecordsOpenApi, mergeOpenApi } from '@stagecraft/openapi';

@Injectable()
export class LiveDocumentService {
  private readonly bySnapshot = new WeakMap<SchemaSnapshot, OpenAPIObject>();

  constructor(
    private readonly cache: SchemaCacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async document(staticDocument: OpenAPIObject): Promise<OpenAPIObject> {
    const snapshot = await this.cache.current();
    let document = this.bySnapshot.get(snapshot);
    if (!document) {
      const generated = buildRecordsOpenApi(snapshot.collections, {
        publicUrl: this.config.publicUrl,
        bulkCreateMax: this.config.records.bulkCreateMax,
      });
      document = mergeOpenApi(staticDocument, generated);
      this.bySnapshot.set(snapshot, document);
    }
    return document;
  }
}
