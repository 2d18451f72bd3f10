// The Test panel's sample event, shaped as the function's first record trigger would send it,
// and the edited JSON read back.
import { describe, expect, it } from 'vitest';
import type { CollectionDefinition, FieldDefinition } from '../../api';
import { parseTestEvent, randomUuid, sampleEvent, type SampleSeed } from './test-event';

const seed: SampleSeed = {
  now: new Date('2026-12-06T10:00:00.000Z'),
  eventId: '11111111-1111-4111-8111-111111111111',
  recordId: '22222222-2222-4222-8222-222222222222',
};

let position = 0;
const field = (name: string, type: FieldDefinition['type'], options = {}, system = false): FieldDefinition => ({
  id: name,
  name,
  type,
  options,
  position: position++,
  system,
});

const orders: CollectionDefinition = {
  id: 'c1',
  name: 'orders',
  label: 'Orders',
  description: '',
  system: false,
  rules: { list: null, view: null, create: null, update: null, delete: null },
  cache: null,
  fields: [
    field('status', 'select', { values: ['new', 'paid'] }),
    field('total', 'number', { default: 10 }),
    field('paid_at', 'datetime'),
    field('notes', 'long_text', { hidden: true }),
    field('api_token', 'secret'),
    field('created_by', 'relation', { kind: 'many_to_one', target: 'users' }, true),
  ],
};

const record = {
  id: seed.recordId,
  created_at: '2026-12-06T10:00:00.000Z',
  updated_at: '2026-12-06T10:00:00.000Z',
  created_by: null,
  version: 1,
  status: 'new',
  total: 10,
  paid_at: '2026-12-06T10:00:00.000Z',
};

describe('sampleEvent', () => {
  it('is a record event for the first event trigger, with the record before and after an update', () => {
    const event = sampleEvent(
      {
        events: [{ collection: 'orders', on: ['update', 'delete'] }],
        before_write: [{ collection: 'x', on: ['create'] }],
      },
      [orders],
      seed,
    );
    expect(event).toEqual({
      id: seed.eventId,
      type: 'record.updated',
      timestamp: '2026-12-06T10:00:00.000Z',
      data: {
        collection: 'orders',
        action: 'update',
        record_id: seed.recordId,
        actor: 'anonymous',
        record,
        previous: record,
      },
    });
  });

  it('is the write about to be made for a before-write trigger: the values, and the stored record', () => {
    expect(sampleEvent({ before_write: [{ collection: 'orders', on: ['create'] }] }, [orders], seed)).toEqual({
      type: 'before_create',
      collection: 'orders',
      record: { status: 'new', total: 10, paid_at: '2026-12-06T10:00:00.000Z' },
      current: null,
    });
    expect(sampleEvent({ before_write: [{ collection: 'orders', on: ['delete'] }] }, [orders], seed)).toEqual({
      type: 'before_delete',
      collection: 'orders',
      record: null,
      current: record,
    });
  });

  it('falls back to a created record of the first collection of the user’s own', () => {
    const users = { ...orders, name: 'users', system: true };
    const event = sampleEvent({}, [users, orders], seed);
    expect(event).toMatchObject({ type: 'record.created', data: { collection: 'orders', record, previous: null } });
    expect(sampleEvent({}, [], seed)).toMatchObject({ data: { collection: 'orders', record: { id: seed.recordId } } });
  });
});

describe('parseTestEvent', () => {
  it('takes a JSON object and refuses anything else', () => {
    expect(parseTestEvent('{ "type": "before_create" }')).toEqual({ event: { type: 'before_create' } });
    expect(parseTestEvent('[]')).toEqual({ error: 'An object, as ctx.event is' });
    expect(parseTestEvent('{ type: 1 }')).toEqual({ error: expect.stringMatching(/^Not valid JSON: /) });
  });
});

describe('randomUuid', () => {
  it('makes version 4 UUIDs', () => {
    expect(randomUuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(randomUuid()).not.toBe(randomUuid());
  });
});
