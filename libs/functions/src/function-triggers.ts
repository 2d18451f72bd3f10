// Checks a function's triggers when it is saved, so a trigger that can never fire is a 400
// now rather than a silent no-op later: collections must exist, actions be known, an event
// condition compile against each collection (the webhooks' condition language), and a
// schedule be a valid cron pattern in a known time zone.

import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import type { CompiledSchema } from '@stagecraft/records';
import { conditionProblems } from '@stagecraft/webhooks';
import { CronExpressionParser } from 'cron-parser';
import { checkHttpRule } from './function-rule.js';
import {
  RECORD_ACTIONS,
  type BeforeWriteTrigger,
  type EventTrigger,
  type FunctionTriggers,
  type RecordAction,
  type ScheduleTrigger,
} from './function.types.js';

/** Triggers as sent: optional parts may be left out. */
export interface TriggersInput {
  readonly http?: FunctionTriggers['http'];
  readonly events?: readonly (Omit<EventTrigger, 'condition'> & { readonly condition?: string | null })[];
  readonly before_write?: readonly BeforeWriteTrigger[];
  readonly schedule?: Omit<ScheduleTrigger, 'timezone'> & { readonly timezone?: string | null };
}

/** Per kind, enough for any real function; bounds the work each write or event does. */
export const TRIGGERS_PER_KIND_MAX = 20;

function checkedActions(on: readonly RecordAction[], field: string, errors: FieldError[]): RecordAction[] {
  if (on.length === 0) errors.push({ field, code: 'size', message: 'Name at least one of create, update or delete.' });
  for (const [index, action] of on.entries()) {
    if (!RECORD_ACTIONS.includes(action)) {
      errors.push({
        field: `${field}[${index}]`,
        code: 'enum',
        message: 'An action must be one of create, update or delete.',
      });
    }
  }
  // In a stable order, each once: the stored triggers compare equal whatever order was sent.
  return RECORD_ACTIONS.filter((action) => on.includes(action));
}

function checkCollection(name: string, field: string, schema: CompiledSchema, errors: FieldError[]): boolean {
  if (schema.querySchema.collection(name)) return true;
  errors.push({ field, code: 'unknown', message: `No collection is named "${name}".` });
  return false;
}

function checkedEvents(triggers: NonNullable<TriggersInput['events']>, schema: CompiledSchema, errors: FieldError[]) {
  return triggers.map((trigger, index): EventTrigger => {
    const field = `triggers.events[${index}]`;
    const on = checkedActions(trigger.on, `${field}.on`, errors);
    const condition = trigger.condition === '' ? null : (trigger.condition ?? null);
    if (checkCollection(trigger.collection, `${field}.collection`, schema, errors) && condition !== null) {
      for (const problem of conditionProblems(condition, [trigger.collection], schema).errors) {
        errors.push({ ...problem, field: `${field}.condition` });
      }
    }
    return { collection: trigger.collection, on, condition };
  });
}

function checkedBeforeWrite(triggers: readonly BeforeWriteTrigger[], schema: CompiledSchema, errors: FieldError[]) {
  return triggers.map((trigger, index): BeforeWriteTrigger => {
    const field = `triggers.before_write[${index}]`;
    checkCollection(trigger.collection, `${field}.collection`, schema, errors);
    return { collection: trigger.collection, on: checkedActions(trigger.on, `${field}.on`, errors) };
  });
}

function checkedSchedule(schedule: NonNullable<TriggersInput['schedule']>, errors: FieldError[]): ScheduleTrigger {
  const timezone = schedule.timezone || null;
  if (timezone !== null) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      errors.push({
        field: 'triggers.schedule.timezone',
        code: 'unknown',
        message: 'The time zone must be an IANA time zone, e.g. Europe/Paris.',
      });
      return { cron: schedule.cron, timezone };
    }
  }
  const fields = schedule.cron.trim().split(/\s+/).length;
  try {
    if (fields !== 5 && fields !== 6) throw new Error('five fields (minute to weekday), or six with seconds first');
    CronExpressionParser.parse(schedule.cron, { tz: timezone ?? 'UTC' }).next();
  } catch (error) {
    errors.push({
      field: 'triggers.schedule.cron',
      code: 'pattern',
      message: `The schedule is not a cron pattern: ${(error instanceof Error ? error.message : String(error)).replace(/\.$/, '')}.`,
    });
  }
  return { cron: schedule.cron.trim(), timezone };
}

/** The triggers as stored, or a 400 listing every problem. */
export function checkedTriggers(triggers: TriggersInput, schema: CompiledSchema): FunctionTriggers {
  const errors: FieldError[] = [];
  for (const kind of ['events', 'before_write'] as const) {
    if ((triggers[kind]?.length ?? 0) > TRIGGERS_PER_KIND_MAX) {
      errors.push({
        field: `triggers.${kind}`,
        code: 'size',
        message: `A function may have at most ${TRIGGERS_PER_KIND_MAX} ${kind === 'events' ? 'event' : 'before-write'} triggers.`,
      });
    }
  }
  if (triggers.http) checkHttpRule(triggers.http.rule, schema);
  const checked: FunctionTriggers = {
    ...(triggers.http && { http: { rule: triggers.http.rule } }),
    ...(triggers.events?.length && { events: checkedEvents(triggers.events, schema, errors) }),
    ...(triggers.before_write?.length && { before_write: checkedBeforeWrite(triggers.before_write, schema, errors) }),
    ...(triggers.schedule && { schedule: checkedSchedule(triggers.schedule, errors) }),
  };
  if (errors.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, 'The triggers are not valid.', { errors });
  }
  return checked;
}
