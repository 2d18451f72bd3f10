// Trigger problems at their rows: the server's paths (both spellings) read, each problem placed
// on the row it was about even after rows above it are removed, and gone once its input is edited.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import type { TriggerFields } from './trigger-form';
import {
  conditionIssueOf,
  localTriggerProblems,
  placeTriggerProblems,
  serverTriggerProblems,
  triggerPlaceOf,
  type TriggerPlace,
} from './trigger-problems';

const sent: TriggerFields = {
  events: [
    { key: 'e1', collection: 'orders', on: ['create'], condition: 'nope = 1' },
    { key: 'e2', collection: 'nope', on: [], condition: '' },
  ],
  beforeWrite: [
    { key: 'b1', collection: 'bookings', on: ['create'] },
    { key: 'b2', collection: 'bookings', on: [] },
  ],
  schedule: true,
  cron: 'bad',
  timezone: 'Mars/Base',
};

const refused = new ApiError({
  status: 400,
  code: 'VALIDATION_FAILED',
  detail: 'The triggers are not valid.',
  errors: [
    {
      field: 'triggers.events[0].condition',
      code: 'UNKNOWN_FIELD',
      message: 'orders: unknown field "nope" at character 1; valid fields: id, status',
    },
    { field: 'triggers.events[1].on', code: 'size', message: 'name at least one of create, update, delete' },
    { field: 'triggers.events[1].collection', code: 'unknown', message: 'no collection is named "nope"' },
    { field: 'triggers.before_write.1.on', code: 'isIn', message: 'each value in on must be one of …' },
    { field: 'triggers.schedule.timezone', code: 'unknown', message: 'an IANA time zone, e.g. Europe/Paris' },
    { field: 'triggers.http.rule', code: 'SYNTAX', message: 'not for these rows' },
  ],
});

const place = (form: TriggerFields) => placeTriggerProblems(serverTriggerProblems(refused), sent, form);

describe('triggerPlaceOf', () => {
  it.each<[string, TriggerPlace | undefined]>([
    ['triggers.events[0].collection', { kind: 'row', list: 'events', index: 0, field: 'collection' }],
    ['triggers.events.3.condition', { kind: 'row', list: 'events', index: 3, field: 'condition' }],
    ['triggers.before_write[1].on', { kind: 'row', list: 'beforeWrite', index: 1, field: 'on' }],
    ['triggers.before_write[1].on[2]', { kind: 'row', list: 'beforeWrite', index: 1, field: 'on' }],
    ['triggers.before_write.0.on.1', { kind: 'row', list: 'beforeWrite', index: 0, field: 'on' }],
    ['triggers.events', { kind: 'list', list: 'events' }],
    ['triggers.events.2', { kind: 'list', list: 'events' }],
    ['triggers.schedule.cron', { kind: 'schedule', field: 'cron' }],
    ['triggers.schedule.timezone', { kind: 'schedule', field: 'timezone' }],
    ['triggers.schedule', { kind: 'schedule', field: 'cron' }],
    ['triggers.http.rule', undefined],
    ['triggers.events[0].online', undefined],
    ['settings.timeout_ms', undefined],
  ])('reads %s', (field, expected) => {
    expect(triggerPlaceOf(field)).toEqual(expected);
  });
});

describe('placeTriggerProblems', () => {
  it('puts each problem at the row and input it names, as the form was sent', () => {
    expect(place(sent)).toEqual({
      events: {
        e1: { condition: 'orders: unknown field "nope" at character 1; valid fields: id, status' },
        e2: { on: 'name at least one of create, update, delete', collection: 'no collection is named "nope"' },
      },
      beforeWrite: { b2: { on: 'each value in on must be one of …' } },
      lists: {},
      schedule: { timezone: 'an IANA time zone, e.g. Europe/Paris' },
    });
  });

  it('keeps a problem with its row when a row above it is removed', () => {
    const placed = place({ ...sent, events: sent.events.slice(1), beforeWrite: sent.beforeWrite.slice(1) });
    expect(Object.keys(placed.events)).toEqual(['e2']);
    expect(placed.beforeWrite).toEqual({ b2: { on: 'each value in on must be one of …' } });
  });

  it('clears a problem once its input is edited, and only that one', () => {
    const [e1, e2] = sent.events as [TriggerFields['events'][number], TriggerFields['events'][number]];
    const placed = place({
      ...sent,
      events: [
        { ...e1, condition: 'status = 1' },
        { ...e2, collection: 'orders' },
      ],
      timezone: 'Europe/Paris',
    });
    expect(placed.events).toEqual({ e2: { on: 'name at least one of create, update, delete' } });
    expect(placed.schedule).toEqual({});
  });

  it('drops a condition’s verdict when the collection it was checked against changes', () => {
    const [e1, e2] = sent.events as [TriggerFields['events'][number], TriggerFields['events'][number]];
    expect(place({ ...sent, events: [{ ...e1, collection: 'refunds' }, e2] }).events['e1']).toBeUndefined();
  });

  it('clears an actions problem once an action is ticked', () => {
    const [b1, b2] = sent.beforeWrite as [TriggerFields['beforeWrite'][number], TriggerFields['beforeWrite'][number]];
    expect(place({ ...sent, beforeWrite: [b1, { ...b2, on: ['update'] }] }).beforeWrite).toEqual({});
  });

  it('hides the schedule’s problems while the schedule is off', () => {
    expect(place({ ...sent, schedule: false }).schedule).toEqual({});
  });

  it('shows a problem with a whole list until a row is added or removed', () => {
    const problems = [{ place: { kind: 'list', list: 'events' } as const, message: 'at most 20' }];
    expect(placeTriggerProblems(problems, sent, sent).lists).toEqual({ events: 'at most 20' });
    expect(placeTriggerProblems(problems, sent, { ...sent, events: sent.events.slice(1) }).lists).toEqual({});
  });

  it('finds nothing in other failures', () => {
    expect(serverTriggerProblems(new Error('offline'))).toEqual([]);
  });
});

describe('localTriggerProblems', () => {
  it('refuses rows without a collection or an action, and a missing or malformed pattern', () => {
    const problems = localTriggerProblems({
      events: [{ key: 'a', collection: ' ', on: ['create'], condition: '' }],
      beforeWrite: [{ key: 'b', collection: 'bookings', on: [] }],
      schedule: true,
      cron: '0 3 * *',
      timezone: '',
    });
    expect(problems).toEqual([
      { place: { kind: 'row', list: 'events', index: 0, field: 'collection' }, message: 'Choose a collection' },
      { place: { kind: 'row', list: 'beforeWrite', index: 0, field: 'on' }, message: 'Tick at least one action' },
      { place: { kind: 'schedule', field: 'cron' }, message: expect.stringMatching(/^Five fields/) },
    ]);
    expect(localTriggerProblems({ ...sent, schedule: true, cron: ' ' })).toContainEqual({
      place: { kind: 'schedule', field: 'cron' },
      message: 'Write a cron pattern',
    });
  });

  it('accepts complete rows and five or six fields', () => {
    const fine: TriggerFields = {
      events: [{ key: 'a', collection: 'orders', on: ['create'], condition: '' }],
      beforeWrite: [],
      schedule: true,
      cron: '*/10 0 3 * * *',
      timezone: '',
    };
    expect(localTriggerProblems(fine)).toEqual([]);
    expect(localTriggerProblems({ ...fine, cron: 'bad', schedule: false })).toEqual([]);
  });
});

describe('conditionIssueOf', () => {
  it.each([
    [
      'Collection "orders": Unknown field "nope" at character 1; valid fields: id, status.',
      { message: 'Unknown field "nope"; valid fields: id, status.', position: 0 },
    ],
    [
      'Collection "orders": Unexpected end of input at character 14, expected a value.',
      { message: 'Unexpected end of input, expected a value.', position: 13 },
    ],
    ['Choose a collection.', { message: 'Choose a collection.' }],
  ])('reads %s', (message, expected) => {
    expect(conditionIssueOf(message)).toEqual(expected);
  });
});
