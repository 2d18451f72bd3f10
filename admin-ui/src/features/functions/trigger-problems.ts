// Where a problem with the record-event, before-write or schedule triggers shows: at the row and
// input the server's path names (`triggers.events[0].condition`, or `triggers.events.0.on` from
// the request checks), or at the input the form itself refused. A problem belongs to the value
// it was about: once that input is edited, it is gone.
import { ApiError, positionInMessage, withoutPosition, type ExpressionIssue } from '../../api';
import type { BeforeWriteTriggerRow, EventTriggerRow, TriggerFields } from './trigger-form';

export type TriggerList = 'events' | 'beforeWrite';
export type RowField = 'collection' | 'on' | 'condition';
export type ScheduleField = 'cron' | 'timezone';

export type TriggerPlace =
  | { kind: 'row'; list: TriggerList; index: number; field: RowField }
  /** The list as a whole (too many triggers). */
  | { kind: 'list'; list: TriggerList }
  | { kind: 'schedule'; field: ScheduleField };

export interface TriggerProblem {
  place: TriggerPlace;
  message: string;
}

export type RowErrors = Partial<Record<RowField, string>>;

export interface TriggerErrors {
  /** By row key. */
  events: Record<string, RowErrors>;
  beforeWrite: Record<string, RowErrors>;
  lists: Partial<Record<TriggerList, string>>;
  schedule: Partial<Record<ScheduleField, string>>;
}

export const noTriggerErrors = (): TriggerErrors => ({ events: {}, beforeWrite: {}, lists: {}, schedule: {} });

const LISTS: Record<string, TriggerList> = { events: 'events', before_write: 'beforeWrite' };
// `[0]` from the service's checks, `.0` from the request's (class-validator); `on[1]` is the row's actions.
const ROW_PATH = /^triggers\.(events|before_write)(?:\[(\d+)\]|\.(\d+))\.(collection|on|condition)(?:$|[.[])/;
const LIST_PATH = /^triggers\.(events|before_write)(?:\[\d+\]|\.\d+)?$/;
const SCHEDULE_PATH = /^triggers\.schedule(?:\.(cron|timezone))?$/;

/** Where a server field path shows; undefined for paths that are not about these triggers. */
export function triggerPlaceOf(field: string): TriggerPlace | undefined {
  const row = ROW_PATH.exec(field);
  if (row) {
    const [, list = '', bracketed, dotted, rowField] = row;
    return {
      kind: 'row',
      list: LISTS[list] ?? 'events',
      index: Number(bracketed ?? dotted),
      field: rowField as RowField,
    };
  }
  const list = LIST_PATH.exec(field);
  if (list) return { kind: 'list', list: LISTS[list[1] ?? ''] ?? 'events' };
  const schedule = SCHEDULE_PATH.exec(field);
  // `triggers.schedule` itself (not an object) is shown at the pattern, the input that must be there.
  if (schedule) return { kind: 'schedule', field: (schedule[1] as ScheduleField | undefined) ?? 'cron' };
  return undefined;
}

export function serverTriggerProblems(error: unknown): TriggerProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldProblems.flatMap((problem) => {
    const place = triggerPlaceOf(problem.field);
    return place ? [{ place, message: problem.message }] : [];
  });
}

const CRON_FIELDS = 'Five fields (minute hour day month weekday), or six with seconds first';

/** What the form refuses before sending: rows without a collection or an action, a missing pattern. */
export function localTriggerProblems(fields: TriggerFields): TriggerProblem[] {
  const problems: TriggerProblem[] = [];
  const checkRows = (list: TriggerList, rows: readonly (EventTriggerRow | BeforeWriteTriggerRow)[]) => {
    for (const [index, row] of rows.entries()) {
      if (row.collection.trim() === '') {
        problems.push({ place: { kind: 'row', list, index, field: 'collection' }, message: 'Choose a collection' });
      }
      if (row.on.length === 0) {
        problems.push({ place: { kind: 'row', list, index, field: 'on' }, message: 'Tick at least one action' });
      }
    }
  };
  checkRows('events', fields.events);
  checkRows('beforeWrite', fields.beforeWrite);
  if (fields.schedule) {
    const count = fields.cron.trim() === '' ? 0 : fields.cron.trim().split(/\s+/).length;
    if (count === 0) problems.push({ place: { kind: 'schedule', field: 'cron' }, message: 'Write a cron pattern' });
    else if (count !== 5 && count !== 6)
      problems.push({ place: { kind: 'schedule', field: 'cron' }, message: CRON_FIELDS });
  }
  return problems;
}

type AnyRow = EventTriggerRow | BeforeWriteTriggerRow;

const conditionOf = (row: AnyRow): string => ('condition' in row ? row.condition : '');
const sameActions = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((action) => b.includes(action));

/** Whether the input a problem is about still holds what was checked. */
function unchanged(field: RowField, checked: AnyRow, current: AnyRow): boolean {
  switch (field) {
    case 'collection':
      return checked.collection === current.collection;
    case 'on':
      return sameActions(checked.on, current.on);
    case 'condition':
      // A condition is checked against its collection: another collection makes the verdict stale.
      return conditionOf(checked) === conditionOf(current) && checked.collection === current.collection;
  }
}

/**
 * The problems found in `checked` (the form as it was sent, or as the form checked it), placed
 * on the rows of `form` that still hold the values they were about. The first problem per input wins.
 */
export function placeTriggerProblems(
  problems: readonly TriggerProblem[],
  checked: TriggerFields,
  form: TriggerFields,
  into: TriggerErrors = noTriggerErrors(),
): TriggerErrors {
  for (const { place, message } of problems) {
    switch (place.kind) {
      case 'row': {
        const was = checked[place.list][place.index];
        const now = was && form[place.list].find((row) => row.key === was.key);
        if (!was || !now || !unchanged(place.field, was, now)) break;
        const errors = (into[place.list][now.key] ??= {});
        errors[place.field] ??= message;
        break;
      }
      case 'list':
        // About the number of rows: gone once a row is added or removed.
        if (checked[place.list].length === form[place.list].length) into.lists[place.list] ??= message;
        break;
      case 'schedule':
        if (form.schedule && checked[place.field] === form[place.field]) into.schedule[place.field] ??= message;
        break;
    }
  }
  return into;
}

/**
 * A condition's problem as the server words it ("Collection "orders": Unknown field "x" at
 * character 1; …"): the row names the collection already, and the console shows the position
 * with a caret.
 */
export function conditionIssueOf(message: string): ExpressionIssue {
  const text = message.replace(/^Collection "[a-z][a-z0-9_]*": /, '');
  const position = positionInMessage(text);
  if (position === undefined) return { message: text };
  return { message: withoutPosition(text, position), position };
}
