// A function's record-event, before-write and schedule triggers as the form holds them, and as
// the API takes and answers them. Rows carry a key of their own, so a problem stays with its row
// when another row above it is removed.

export const RECORD_ACTIONS = ['create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** The server's limit per kind of trigger. */
export const TRIGGERS_PER_KIND_MAX = 20;

export interface EventTriggerRow {
  key: string;
  collection: string;
  on: RecordAction[];
  /** A filter in the records filter language; empty: every change. */
  condition: string;
}

export interface BeforeWriteTriggerRow {
  key: string;
  collection: string;
  on: RecordAction[];
}

/** The part of the function form these triggers live in. */
export interface TriggerFields {
  events: EventTriggerRow[];
  beforeWrite: BeforeWriteTriggerRow[];
  schedule: boolean;
  cron: string;
  /** An IANA time zone; empty: UTC. */
  timezone: string;
}

export interface EventTriggerBody {
  collection: string;
  on: RecordAction[];
  condition: string | null;
}

export interface BeforeWriteTriggerBody {
  collection: string;
  on: RecordAction[];
}

export interface ScheduleBody {
  cron: string;
  timezone: string | null;
}

/** The triggers besides HTTP, as the API takes them. */
export interface RecordTriggersBody {
  events?: EventTriggerBody[];
  before_write?: BeforeWriteTriggerBody[];
  schedule?: ScheduleBody;
}

/** Triggers as the API answers them: it may leave out a null condition or time zone. */
export interface SavedTriggers {
  http?: { rule: string | null };
  events?: readonly (Omit<EventTriggerBody, 'condition'> & { condition?: string | null })[];
  before_write?: readonly BeforeWriteTriggerBody[];
  schedule?: Omit<ScheduleBody, 'timezone'> & { timezone?: string | null };
}

let lastKey = 0;
/** Unique within the page: React's key, and what ties a problem to its row. */
export const rowKey = (): string => `trigger-${++lastKey}`;

/** Every change, the most common wish for a new event trigger. */
export const newEventRow = (): EventTriggerRow => ({
  key: rowKey(),
  collection: '',
  on: [...RECORD_ACTIONS],
  condition: '',
});

/** Checks before writes that add or change values: deletes are rarely refused. */
export const newBeforeWriteRow = (): BeforeWriteTriggerRow => ({
  key: rowKey(),
  collection: '',
  on: ['create', 'update'],
});

export const emptyTriggerFields = (): TriggerFields => ({
  events: [],
  beforeWrite: [],
  schedule: false,
  cron: '',
  timezone: '',
});

/** Actions in the server's order, each once, whatever order they were ticked in. */
export const orderedActions = (on: readonly string[]): RecordAction[] =>
  RECORD_ACTIONS.filter((action) => on.includes(action));

export function triggerFieldsOf(saved: SavedTriggers): TriggerFields {
  return {
    events: (saved.events ?? []).map((trigger) => ({
      key: rowKey(),
      collection: trigger.collection,
      on: orderedActions(trigger.on),
      condition: trigger.condition ?? '',
    })),
    beforeWrite: (saved.before_write ?? []).map((trigger) => ({
      key: rowKey(),
      collection: trigger.collection,
      on: orderedActions(trigger.on),
    })),
    schedule: saved.schedule !== undefined,
    cron: saved.schedule?.cron ?? '',
    timezone: saved.schedule?.timezone ?? '',
  };
}

const blankToNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The body's `events`, `before_write` and `schedule`; an empty kind is left out (no trigger). */
export function recordTriggersOf(fields: TriggerFields): RecordTriggersBody {
  const events = fields.events.map((row) => ({
    collection: row.collection,
    on: orderedActions(row.on),
    condition: blankToNull(row.condition),
  }));
  const beforeWrite = fields.beforeWrite.map((row) => ({ collection: row.collection, on: orderedActions(row.on) }));
  return {
    ...(events.length > 0 && { events }),
    ...(beforeWrite.length > 0 && { before_write: beforeWrite }),
    ...(fields.schedule && { schedule: { cron: fields.cron.trim(), timezone: blankToNull(fields.timezone) } }),
  };
}

/** One text for equal triggers, whatever the key order, left-out nulls or action order. */
function canonical(triggers: SavedTriggers): string {
  return JSON.stringify([
    triggers.http ? [triggers.http.rule] : null,
    (triggers.events ?? []).map((item) => [item.collection, orderedActions(item.on), item.condition ?? null]),
    (triggers.before_write ?? []).map((item) => [item.collection, orderedActions(item.on)]),
    triggers.schedule ? [triggers.schedule.cron, triggers.schedule.timezone ?? null] : null,
  ]);
}

export const sameTriggers = (a: SavedTriggers, b: SavedTriggers): boolean => canonical(a) === canonical(b);
