// Record-event, before-write and schedule triggers: the form's rows ⇄ the API's bodies, and when
// two sets of triggers are the same whatever order or left-out nulls the server answers with.
import { describe, expect, it } from 'vitest';
import {
  emptyTriggerFields,
  newBeforeWriteRow,
  newEventRow,
  recordTriggersOf,
  sameTriggers,
  triggerFieldsOf,
  type SavedTriggers,
  type TriggerFields,
} from './trigger-form';

const saved: SavedTriggers = {
  events: [
    { collection: 'orders', on: ['create', 'update'], condition: "status = 'paid'" },
    { collection: 'refunds', on: ['delete'] },
  ],
  before_write: [{ collection: 'bookings', on: ['update', 'create'] }],
  schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
};

describe('recordTriggersOf', () => {
  it('sends no kind that has no trigger', () => {
    expect(recordTriggersOf(emptyTriggerFields())).toEqual({});
  });

  it('sends each row: actions in the server’s order, a blank condition as null, a trimmed schedule', () => {
    const fields: TriggerFields = {
      ...emptyTriggerFields(),
      events: [
        { ...newEventRow(), collection: 'orders', on: ['delete', 'create'], condition: '  ' },
        { ...newEventRow(), collection: 'orders', condition: ' total > 10 ' },
      ],
      beforeWrite: [{ ...newBeforeWriteRow(), collection: 'bookings' }],
      schedule: true,
      cron: ' */5 * * * * ',
      timezone: ' ',
    };
    expect(recordTriggersOf(fields)).toEqual({
      events: [
        { collection: 'orders', on: ['create', 'delete'], condition: null },
        { collection: 'orders', on: ['create', 'update', 'delete'], condition: 'total > 10' },
      ],
      before_write: [{ collection: 'bookings', on: ['create', 'update'] }],
      schedule: { cron: '*/5 * * * *', timezone: null },
    });
  });

  it('leaves the schedule out when it is switched off, whatever the pattern', () => {
    expect(recordTriggersOf({ ...emptyTriggerFields(), schedule: false, cron: '0 3 * * *' })).toEqual({});
  });
});

describe('triggerFieldsOf', () => {
  it('fills one row per trigger, each with its own key, and reads back as it was saved', () => {
    const fields = triggerFieldsOf(saved);
    expect(fields).toMatchObject({
      events: [
        { collection: 'orders', on: ['create', 'update'], condition: "status = 'paid'" },
        { collection: 'refunds', on: ['delete'], condition: '' },
      ],
      beforeWrite: [{ collection: 'bookings', on: ['create', 'update'] }],
      schedule: true,
      cron: '0 3 * * *',
      timezone: 'Europe/Paris',
    });
    const keys = [...fields.events, ...fields.beforeWrite].map((row) => row.key);
    expect(new Set(keys).size).toBe(3);
    expect(sameTriggers(recordTriggersOf(fields), saved)).toBe(true);
  });

  it('starts empty without triggers', () => {
    expect(triggerFieldsOf({})).toEqual(emptyTriggerFields());
    expect(triggerFieldsOf({ schedule: { cron: '0 * * * *' } })).toMatchObject({ schedule: true, timezone: '' });
  });
});

describe('sameTriggers', () => {
  it('ignores action order and a null left out', () => {
    expect(
      sameTriggers(
        { events: [{ collection: 'a', on: ['update', 'create'] }], schedule: { cron: '0 3 * * *' } },
        {
          events: [{ collection: 'a', on: ['create', 'update'], condition: null }],
          schedule: { cron: '0 3 * * *', timezone: null },
        },
      ),
    ).toBe(true);
  });

  it.each<[string, SavedTriggers, SavedTriggers]>([
    ['an HTTP trigger for admins from none', { http: { rule: null } }, {}],
    [
      'another condition',
      { events: [{ collection: 'a', on: ['create'], condition: 'x = 1' }] },
      { events: [{ collection: 'a', on: ['create'] }] },
    ],
    [
      'another order of rows',
      {
        before_write: [
          { collection: 'a', on: ['create'] },
          { collection: 'b', on: ['create'] },
        ],
      },
      {
        before_write: [
          { collection: 'b', on: ['create'] },
          { collection: 'a', on: ['create'] },
        ],
      },
    ],
    ['another time zone', { schedule: { cron: '0 3 * * *', timezone: 'UTC' } }, { schedule: { cron: '0 3 * * *' } }],
  ])('tells apart %s', (_label, a, b) => {
    expect(sameTriggers(a, b)).toBe(false);
  });
});
