// Collection metadata → the records API's paths, components and tags: per-collection paths and
// schemas (so generated clients are typed per collection) plus the components they share, and
// the webhook requests receivers get for each collection's record events, and what realtime
// change events carry.
import type { CollectionDefinition } from '@stagecraft/schema';
import { collectionTag, tagNames } from './collection-tags.js';
import { typeStems } from './names.js';
import type { GeneratedOpenApi, RecordsOpenApiOptions } from './openapi-types.js';
import { problemResponses, problemSchemas } from './problem-components.js';
import { collectionPathItems } from './record-paths.js';
import { collectionSchemas } from './record-schemas.js';
import {
  REALTIME_CHANGE_SCHEMA,
  realtimeChangeSchema,
  realtimeChangeSchemaName,
  realtimeChangeUnion,
} from './realtime-schemas.js';
import {
  recordEventSchemas,
  recordWebhook,
  TEST_EVENT_SCHEMA,
  testEventSchema,
  testWebhook,
  webhookHeaderParameters,
} from './record-webhooks.js';
import { DEFAULT_BULK_CREATE_MAX, sharedParameters, sharedSchemas } from './shared-components.js';

export function buildRecordsOpenApi(
  collections: readonly CollectionDefinition[],
  options: RecordsOpenApiOptions,
): GeneratedOpenApi {
  // Sorted by name, so the document does not depend on the order metadata was loaded in.
  const sorted = [...collections].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const stems = typeStems(sorted);
  const tags = tagNames(sorted);
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const bulkCreateMax = options.bulkCreateMax ?? DEFAULT_BULK_CREATE_MAX;
  const generated: GeneratedOpenApi = {
    paths: {},
    webhooks: { 'webhook.test': testWebhook() },
    components: {
      schemas: { ...problemSchemas(), ...sharedSchemas(), [TEST_EVENT_SCHEMA]: testEventSchema() },
      parameters: { ...sharedParameters(), ...webhookHeaderParameters() },
      responses: problemResponses(),
    },
    tags: [],
  };
  for (const collection of sorted) {
    const stem = stems.get(collection.name) ?? collection.name;
    const tag = tags.get(collection.name) ?? collection.name;
    Object.assign(generated.paths, collectionPathItems({ collection, stem, tag, publicUrl, bulkCreateMax }));
    const schemas = collectionSchemas(collection, { stems, bulkCreateMax });
    Object.assign(generated.components.schemas, schemas);
    Object.assign(generated.components.schemas, recordEventSchemas(collection, stem, schemas));
    generated.webhooks[`record.${collection.name}`] = recordWebhook(collection, stem);
    generated.components.schemas[realtimeChangeSchemaName(stem)] = realtimeChangeSchema(collection, stem);
    generated.tags.push(collectionTag(collection, tag));
  }
  generated.components.schemas[REALTIME_CHANGE_SCHEMA] = realtimeChangeUnion(
    sorted.map((collection) => realtimeChangeSchemaName(stems.get(collection.name) ?? collection.name)),
  );
  // Field schemas may share objects with the schema library's constants; hand out an own copy.
  return structuredClone(generated);
}
