// The Test panel's event (ctx.event): a sample shaped as the function's first record-event
// trigger (else its first before-write trigger) would hand it, with a record of that
// collection's fields, and the edited JSON read back.
import { SYSTEM_COLUMNS, type CollectionDefinition, type FieldDefinition, type JsonValue } from '../../api';
import type { TestEvent } from '../../data/functions/function-test-mutation';
import type { RecordAction, SavedTriggers } from './trigger-form';

/** What a sample is made with, fixed by the caller so the sample does not change as it re-renders. */
export interface SampleSeed {
  now: Date;
  eventId: string;
  recordId: string;
}

/** A v4 UUID: crypto.randomUUID exists only on https and localhost, getRandomValues everywhere. */
export function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const EVENT_TYPES: Record<RecordAction, string> = {
  create: 'record.created',
  update: 'record.updated',
  delete: 'record.deleted',
};

/** A plausible value of a field that has no default. */
function sampleValue(field: FieldDefinition, now: Date): JsonValue {
  switch (field.type) {
    case 'text':
    case 'long_text':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'date':
      return now.toISOString().slice(0, 10);
    case 'datetime':
      return now.toISOString();
    case 'email':
      return 'ada@example.com';
    case 'url':
      return 'https://example.com';
    case 'select':
      return field.options.values?.[0] ?? null;
    case 'multi_select':
      return [];
    case 'relation':
      return field.options.kind === 'many_to_one' || field.options.kind === undefined ? null : [];
    case 'file':
      return field.options.multiple ? [] : null;
    case 'json':
    case 'secret':
      return null;
  }
}

/** The columns every record has, which a write's values never hold. */
function systemColumns(seed: SampleSeed): Record<(typeof SYSTEM_COLUMNS)[number], JsonValue> {
  const now = seed.now.toISOString();
  return { id: seed.recordId, created_at: now, updated_at: now, created_by: null, version: 1 };
}

/**
 * A stored record (`withSystem`) or a write's values: hidden and secret fields are left out, as
 * the server leaves them out of events.
 */
function sampleRecord(collection: CollectionDefinition | undefined, seed: SampleSeed, withSystem: boolean) {
  const record: Record<string, JsonValue> = withSystem ? systemColumns(seed) : {};
  const fields = [...(collection?.fields ?? [])].sort((a, b) => a.position - b.position);
  for (const field of fields) {
    if (field.system || field.type === 'secret' || field.options.hidden) continue;
    record[field.name] = field.options.default ?? sampleValue(field, seed.now);
  }
  return record;
}

function recordEvent(
  collection: string,
  action: RecordAction,
  definitions: readonly CollectionDefinition[],
  seed: SampleSeed,
) {
  const record = sampleRecord(
    definitions.find((item) => item.name === collection),
    seed,
    true,
  );
  return {
    id: seed.eventId,
    type: EVENT_TYPES[action],
    timestamp: seed.now.toISOString(),
    data: {
      collection,
      action,
      record_id: seed.recordId,
      actor: 'anonymous',
      record: action === 'delete' ? null : record,
      previous: action === 'create' ? null : record,
    },
  };
}

function beforeWriteEvent(
  collection: string,
  action: RecordAction,
  definitions: readonly CollectionDefinition[],
  seed: SampleSeed,
) {
  const definition = definitions.find((item) => item.name === collection);
  return {
    type: `before_${action}`,
    collection,
    record: action === 'delete' ? null : sampleRecord(definition, seed, false),
    current: action === 'create' ? null : sampleRecord(definition, seed, true),
  };
}

export function sampleEvent(
  triggers: SavedTriggers,
  collections: readonly CollectionDefinition[],
  seed: SampleSeed,
): TestEvent {
  const event = triggers.events?.[0];
  if (event) return recordEvent(event.collection, event.on[0] ?? 'create', collections, seed);
  const beforeWrite = triggers.before_write?.[0];
  if (beforeWrite) return beforeWriteEvent(beforeWrite.collection, beforeWrite.on[0] ?? 'create', collections, seed);
  // No record trigger yet: a change to the first collection of the user's own.
  const collection = collections.find((item) => !item.system)?.name ?? 'orders';
  return recordEvent(collection, 'create', collections, seed);
}

export function parseTestEvent(text: string): { event: TestEvent } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { error: 'An object, as ctx.event is' };
  }
  return { event: value as TestEvent };
}
