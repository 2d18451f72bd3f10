// What a webhook receiver is sent, as OpenAPI 3.1 `webhooks`: one entry per collection, whose
// body types `record` and `previous` with that collection's record schema, and one for test
// sends. The body is libs/events' RecordEvent; the headers are Standard Webhooks'. An
// integration test validates real deliveries against these schemas.
import { hasColumn, type CollectionDefinition } from '@stagecraft/schema';
import { collectionSchemaName, schemaRef } from './names.js';
import type { ParameterObject, PathItemObject, ReferenceObject, SchemaObject } from './openapi-types.js';

export const WEBHOOKS_TAG = 'webhooks';
export const TEST_EVENT_SCHEMA = 'WebhookTestEvent';
const RECORD_EVENT_TYPES = ['record.created', 'record.updated', 'record.deleted'];
const RECORD_ACTIONS = ['create', 'update', 'delete'];
const UUID: SchemaObject = { type: 'string', format: 'uuid', maxLength: 36 };
/** The engine writes these: ISO 8601 in UTC with milliseconds is 24 characters. */
const TIMESTAMP: SchemaObject = { type: 'string', format: 'date-time', maxLength: 32 };

const HEADER_PARAMETERS = {
  id: 'WebhookId',
  timestamp: 'WebhookTimestamp',
  signature: 'WebhookSignature',
} as const;

export function webhookHeaderParameters(): Record<string, ParameterObject> {
  return {
    [HEADER_PARAMETERS.id]: {
      name: 'webhook-id',
      in: 'header',
      required: true,
      description: 'The event id: the same on every try and redelivery, so use it to drop duplicates.',
      schema: { ...UUID },
    },
    [HEADER_PARAMETERS.timestamp]: {
      name: 'webhook-timestamp',
      in: 'header',
      required: true,
      description: 'When this try started, in Unix seconds; refuse old ones to stop replays.',
      schema: { type: 'string', pattern: '^[0-9]+$', maxLength: 20 },
    },
    [HEADER_PARAMETERS.signature]: {
      name: 'webhook-signature',
      in: 'header',
      required: true,
      description:
        '`v1,` and the base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>`, keyed with the webhook secret (base64 after `whsec_`).',
      // `v1,` and 44 base64 characters (32 bytes).
      schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/]+={0,2}$', maxLength: 47 },
    },
  };
}

const nullable = (schema: SchemaObject): SchemaObject => ({ anyOf: [schema, { type: 'null' }] });

function envelope(type: SchemaObject, data: SchemaObject, description: string): SchemaObject {
  return {
    type: 'object',
    description,
    required: ['id', 'type', 'timestamp', 'data'],
    properties: {
      id: { ...UUID, description: 'The event id, also sent as `webhook-id`.' },
      type,
      timestamp: { ...TIMESTAMP, description: 'When the change was made.' },
      data,
    },
  };
}

/** Columns the outbox trigger never copies (migration 1764000000003): a sign-in is not a change. */
const UNCOPIED_COLUMNS: Readonly<Record<string, readonly string[]>> = { users: ['last_login_at'] };

/**
 * An event carries the record's row, which lacks what the records API adds: many-to-many
 * values (kept in junction tables) and columns the outbox never copies. When a collection has
 * such fields its events get their own `<Stem>RecordImage` schema, the record schema without
 * them; otherwise they use `<Stem>Record`.
 */
function recordImageSchema(collection: CollectionDefinition, record: SchemaObject): SchemaObject | undefined {
  const absent = new Set([
    ...collection.fields.filter((field) => !hasColumn(field)).map((field) => field.name),
    ...(UNCOPIED_COLUMNS[collection.name] ?? []),
  ]);
  const properties = Object.entries(record.properties ?? {});
  if (!properties.some(([name]) => absent.has(name))) return undefined;
  return {
    ...record,
    description: `A record of ${collection.label} as events carry it: its row, without many-to-many values, columns the outbox does not copy, or \`expand\`.`,
    properties: Object.fromEntries(properties.filter(([name]) => !absent.has(name) && name !== 'expand')),
    required: (record.required ?? []).filter((name) => !absent.has(name)),
  };
}

/**
 * The event schema of one collection, and the record image schema it needs, if any, given the
 * collection's other schemas (its record schema among them).
 */
export function recordEventSchemas(
  collection: CollectionDefinition,
  stem: string,
  collectionSchemas: Readonly<Record<string, SchemaObject>>,
): Record<string, SchemaObject> {
  const record = collectionSchemas[collectionSchemaName(stem, 'Record')] ?? {};
  const image = recordImageSchema(collection, record);
  const imageName = collectionSchemaName(stem, image ? 'RecordImage' : 'Record');
  const schemas: Record<string, SchemaObject> = {
    [collectionSchemaName(stem, 'RecordEvent')]: recordEventSchema(collection, schemaRef(imageName)),
  };
  if (image) schemas[imageName] = image;
  return schemas;
}

/** The body of a record event of one collection. */
function recordEventSchema(collection: CollectionDefinition, record: ReferenceObject): SchemaObject {
  return envelope(
    { type: 'string', enum: RECORD_EVENT_TYPES },
    {
      type: 'object',
      required: ['collection', 'collection_id', 'action', 'record_id', 'actor', 'record', 'previous'],
      properties: {
        collection: { type: 'string', const: collection.name },
        collection_id: { ...UUID, type: ['string', 'null'] },
        action: { type: 'string', enum: RECORD_ACTIONS },
        record_id: { ...UUID },
        actor: {
          type: ['string', 'null'],
          pattern: '^(anonymous|(user|api_key):[0-9a-f-]{36})$',
          maxLength: 44,
          description: '`user:<id>`, `api_key:<id>`, `anonymous`, or null for changes made outside the API.',
        },
        record: { ...nullable(record), description: 'The record after the change; null for deletes.' },
        previous: { ...nullable(record), description: 'The record before the change; null for creates.' },
      },
    },
    `A change to a record of ${collection.label}. Hidden and secret fields are left out.`,
  );
}

export function testEventSchema(): SchemaObject {
  return envelope(
    { type: 'string', const: 'webhook.test' },
    {
      type: 'object',
      required: ['webhook_id'],
      properties: { webhook_id: { ...UUID } },
    },
    'Sent by `POST /api/v1/webhooks/{id}/test`.',
  );
}

function delivery(summary: string, description: string, body: ReferenceObject, operationId: string): PathItemObject {
  return {
    post: {
      operationId,
      summary,
      description: `${description} Delivered at least once, signed per Standard Webhooks; see docs/webhooks.md.`,
      tags: [WEBHOOKS_TAG],
      parameters: Object.values(HEADER_PARAMETERS).map((name) => ({ $ref: `#/components/parameters/${name}` })),
      requestBody: { required: true, content: { 'application/json': { schema: body } } },
      responses: {
        '2XX': { description: 'Delivered.' },
        '410': { description: 'Gone: the webhook is turned off and nothing more is sent to it.' },
        default: { description: 'Not delivered: tried again later, with growing delays, then dead-lettered.' },
      },
      security: [],
    },
  };
}

/** The `webhooks` entry of one collection's record events. */
export function recordWebhook(collection: CollectionDefinition, stem: string): PathItemObject {
  return delivery(
    `A record of ${collection.name} was created, updated or deleted`,
    `Sent to the webhooks listening to \`${collection.name}\` whose condition the record meets.`,
    schemaRef(collectionSchemaName(stem, 'RecordEvent')),
    `receive${stem}RecordEvent`,
  );
}

export function testWebhook(): PathItemObject {
  return delivery(
    'A test send',
    'Sent when an admin asks for a test send.',
    schemaRef(TEST_EVENT_SCHEMA),
    'receiveWebhookTest',
  );
}
