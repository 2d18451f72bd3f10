// What a realtime `change` event carries, per collection: `<Stem>RealtimeChange`, whose record
// is the collection's record schema (as the subscriber's GET shows it; `fields` and `expand`
// apply, so members may be absent), and `RealtimeChange`, any of them. The SSE operation
// (GET /api/v1/realtime) points at it from its event-stream response.
import type { CollectionDefinition } from '@stagecraft/schema';
import { collectionSchemaName, schemaRef } from './names.js';
import type { SchemaObject } from './openapi-types.js';

export const REALTIME_CHANGE_SCHEMA = 'RealtimeChange';
const UUID: SchemaObject = { type: 'string', format: 'uuid', maxLength: 36 };

export function realtimeChangeSchemaName(stem: string): string {
  return collectionSchemaName(stem, 'RealtimeChange');
}

export function realtimeChangeSchema(collection: CollectionDefinition, stem: string): SchemaObject {
  return {
    type: 'object',
    description: `A change to a record of ${collection.label} on a realtime subscription (docs/realtime.md).`,
    required: ['subscription', 'topic', 'action', 'id', 'position'],
    properties: {
      subscription: { type: 'string', maxLength: 64, description: 'The subscription it matched' },
      topic: {
        type: 'string',
        maxLength: 240,
        description: `\`${collection.name}\`, or \`${collection.name}/<id>\` for a record topic`,
      },
      action: {
        type: 'string',
        enum: ['create', 'update', 'delete', 'leave'],
        description: '`leave`: the record no longer matches the subscription after an update; no record is sent',
      },
      id: { ...UUID, description: 'The record’s id' },
      position: {
        type: 'integer',
        format: 'int64',
        minimum: 1,
        maximum: Number.MAX_SAFE_INTEGER,
        description: 'Its feed position, also the SSE id: resume from it',
      },
      record: {
        ...schemaRef(collectionSchemaName(stem, 'Record')),
        description: 'The record as the subscriber’s GET shows it (the row before a delete); absent for leave',
      },
    },
  };
}

/** Any collection's change, by the names of their schemas. */
export function realtimeChangeUnion(names: readonly string[]): SchemaObject {
  return {
    description: 'The data of a realtime `change` event: the schema of the collection its topic names.',
    oneOf: names.map(schemaRef),
  };
}
