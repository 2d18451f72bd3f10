// The function form ⇄ the bodies the API takes, field problems routed to inputs, and the
// triggers as the list shows them.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import {
  changesOf,
  createBodyOf,
  emptyFunctionForm,
  formErrors,
  functionFormOf,
  hasTriggers,
  localErrors,
  ruleIssue,
  triggerSummary,
  triggersOf,
  type SavedFunction,
} from './function-form';

const saved: SavedFunction & { name: string } = {
  name: 'checkout',
  description: 'Totals a cart',
  triggers: { http: { rule: '@request.auth.id != ""' } },
  settings: { timeout_ms: 5000, memory_mb: 64, secrets: ['STRIPE_KEY'], run_as_admin: false, allowed_hosts: [] },
  version: { language: 'typescript', source: 'export default async () => 1;\n' },
};

describe('createBodyOf', () => {
  it('sends the whole function: no trigger, default settings, a trimmed name and no empty description', () => {
    const body = createBodyOf({ ...emptyFunctionForm(), name: ' hello ', description: '  ', source: 'x' });
    expect(body).toEqual({
      name: 'hello',
      description: null,
      language: 'typescript',
      source: 'x',
      triggers: {},
      settings: { timeout_ms: 5000, memory_mb: 64, secrets: [], run_as_admin: false, allowed_hosts: [] },
    });
  });

  it('cleans the allowed hosts: trimmed, lower case, once each', () => {
    const body = createBodyOf({ ...emptyFunctionForm(), allowedHosts: [' API.example.com', 'api.example.com', ''] });
    expect(body.settings.allowed_hosts).toEqual(['api.example.com']);
  });
});

describe('triggersOf', () => {
  it.each([
    ['admins', '', { http: { rule: null } }],
    ['anyone', 'ignored', { http: { rule: '' } }],
    ['expression', ' @request.auth.role = "admin" ', { http: { rule: '@request.auth.role = "admin"' } }],
  ] as const)('turns %s into the rule', (ruleMode, rule, expected) => {
    expect(triggersOf({ ...emptyFunctionForm(), http: true, ruleMode, rule })).toEqual(expected);
  });

  it('sends no HTTP trigger when it is off, whatever the rule', () => {
    expect(triggersOf({ ...emptyFunctionForm(), http: false, ruleMode: 'anyone' })).toEqual({});
  });

  it('sends the record triggers and the schedule beside the HTTP trigger', () => {
    const form = {
      ...emptyFunctionForm(),
      http: true,
      events: [{ key: 'e', collection: 'orders', on: ['create' as const], condition: "status = 'paid'" }],
      schedule: true,
      cron: '0 3 * * *',
      timezone: 'Europe/Paris',
    };
    expect(triggersOf(form)).toEqual({
      http: { rule: null },
      events: [{ collection: 'orders', on: ['create'], condition: "status = 'paid'" }],
      schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
    });
  });
});

describe('changesOf', () => {
  it('sends nothing for an untouched form', () => {
    expect(changesOf(saved, functionFormOf(saved))).toEqual({});
  });

  it('sends a new source alone (a new version), and the language when it changed', () => {
    const form = {
      ...functionFormOf(saved),
      source: 'export default async () => 2;\n',
      language: 'javascript' as const,
    };
    expect(changesOf(saved, form)).toEqual({ source: 'export default async () => 2;\n', language: 'javascript' });
  });

  it('sends all settings when one changed, and nothing else', () => {
    const form = { ...functionFormOf(saved), timeoutMs: 1000 };
    expect(changesOf(saved, form)).toEqual({
      settings: { timeout_ms: 1000, memory_mb: 64, secrets: ['STRIPE_KEY'], run_as_admin: false, allowed_hosts: [] },
    });
  });

  it('ignores the order of secrets', () => {
    const two = { ...saved, settings: { ...saved.settings, secrets: ['A', 'B'] } };
    expect(changesOf(two, { ...functionFormOf(two), secrets: ['B', 'A'] })).toEqual({});
  });

  it('replaces the triggers: switched off is {}, another rule is the new rule', () => {
    expect(changesOf(saved, { ...functionFormOf(saved), http: false })).toEqual({ triggers: {} });
    expect(changesOf(saved, { ...functionFormOf(saved), ruleMode: 'anyone' })).toEqual({
      triggers: { http: { rule: '' } },
    });
  });

  it('sends nothing for saved record triggers answered in another key order, without nulls', () => {
    const withTriggers = {
      ...saved,
      triggers: {
        events: [{ on: ['update' as const, 'create' as const], collection: 'orders' }],
        before_write: [{ on: ['create' as const], collection: 'bookings' }],
        schedule: { cron: '0 3 * * *' },
      },
    };
    expect(changesOf(withTriggers, functionFormOf(withTriggers))).toEqual({});
  });

  it('replaces every trigger when one row changed', () => {
    const withEvents = {
      ...saved,
      triggers: { ...saved.triggers, events: [{ collection: 'orders', on: ['create' as const], condition: null }] },
    };
    const form = functionFormOf(withEvents);
    const [row] = form.events;
    expect(changesOf(withEvents, { ...form, events: row ? [{ ...row, condition: 'total > 1' }] : [] })).toEqual({
      triggers: {
        http: { rule: '@request.auth.id != ""' },
        events: [{ collection: 'orders', on: ['create'], condition: 'total > 1' }],
      },
    });
    expect(changesOf(withEvents, { ...form, events: [] })).toEqual({
      triggers: { http: { rule: '@request.auth.id != ""' } },
    });
  });

  it('clears a description with null', () => {
    expect(changesOf(saved, { ...functionFormOf(saved), description: '' })).toEqual({ description: null });
  });

  it('fills the form from a function without a trigger', () => {
    const form = functionFormOf({ ...saved, triggers: {}, description: null });
    expect(form).toMatchObject({ http: false, ruleMode: 'admins', rule: '', description: '', name: 'checkout' });
    expect(functionFormOf({ ...saved, triggers: { http: { rule: '' } } }).ruleMode).toBe('anyone');
  });
});

describe('formErrors', () => {
  const problem = (errors: { field: string; code: string; message: string }[]) =>
    new ApiError({ status: 400, code: 'VALIDATION_FAILED', detail: 'The function is not valid.', errors });

  it('routes server fields to inputs, naming the list item a problem is about', () => {
    const error = problem([
      { field: 'settings.timeout_ms', code: 'range', message: 'between 10 and 30000' },
      { field: 'settings.allowed_hosts[1]', code: 'pattern', message: 'a lower-case host name' },
      { field: 'triggers.http.rule', code: 'UNKNOWN_FIELD', message: 'not "title"' },
      { field: 'name', code: 'pattern', message: 'must match' },
    ]);
    const form = { ...emptyFunctionForm(), allowedHosts: ['ok.example.com', 'bad host'] };
    expect(formErrors(error, form)).toEqual({
      timeoutMs: 'between 10 and 30000',
      allowedHosts: 'bad host: a lower-case host name',
      rule: 'not "title"',
      name: 'must match',
    });
  });

  it('leaves the other triggers’ problems to their rows', () => {
    const error = problem([
      { field: 'triggers.events[0].condition', code: 'SYNTAX', message: 'orders: bad' },
      { field: 'triggers.schedule.cron', code: 'pattern', message: 'not a cron pattern' },
      { field: 'triggers', code: 'isObject', message: 'triggers must be an object' },
    ]);
    expect(formErrors(error)).toEqual({ rule: 'triggers must be an object' });
  });

  it('leaves compile errors to the editor', () => {
    const error = problem([{ field: 'source', code: 'compile', message: 'f.ts:1:1: nope' }]);
    expect(formErrors(error)).toEqual({});
    expect(formErrors(problem([{ field: 'source', code: 'maxLength', message: 'too long' }]))).toEqual({
      source: 'too long',
    });
  });

  it('finds nothing in other failures', () => {
    expect(formErrors(new Error('offline'))).toEqual({});
  });
});

describe('localErrors', () => {
  it('refuses a bad name on create only, empty numbers, and an empty rule', () => {
    const form = { ...emptyFunctionForm(), name: 'Hello', timeoutMs: '', http: true, ruleMode: 'expression' as const };
    expect(Object.keys(localErrors(form, true)).sort()).toEqual(['name', 'rule', 'timeoutMs']);
    expect(localErrors({ ...emptyFunctionForm(), name: 'hello' }, true)).toEqual({});
    expect(localErrors({ ...emptyFunctionForm(), name: '' }, false)).toEqual({});
  });
});

describe('triggerSummary', () => {
  it.each([
    [{}, 'none (test only)'],
    [{ http: { rule: null } }, 'HTTP · admins only'],
    [{ http: { rule: '' } }, 'HTTP · anyone'],
    [{ http: { rule: '@request.auth.id != ""' } }, 'HTTP · @request.auth.id != ""'],
    [
      {
        http: { rule: '' },
        events: [
          { collection: 'orders', on: ['create' as const] },
          { collection: 'orders', on: ['delete' as const] },
          { collection: 'refunds', on: ['create' as const] },
        ],
      },
      'HTTP · anyone; Events · orders, refunds',
    ],
    [
      { before_write: [{ collection: 'bookings', on: ['create' as const] }], schedule: { cron: '0 3 * * *' } },
      'Before write · bookings; Schedule · 0 3 * * * UTC',
    ],
    [{ schedule: { cron: '*/5 * * * *', timezone: 'Europe/Paris' } }, 'Schedule · */5 * * * * Europe/Paris'],
  ])('shows %j as %s', (triggers, text) => {
    expect(triggerSummary(triggers)).toBe(text);
    expect(hasTriggers(triggers)).toBe(text !== 'none (test only)');
  });
});

describe('ruleIssue', () => {
  it('takes the position from the problem and drops it from the message', () => {
    const error = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The HTTP rule is not valid.',
      errors: [{ field: 'triggers.http.rule', code: 'UNKNOWN_FIELD', message: 'not "title" (at position 0)' }],
      position: 0,
    });
    expect(ruleIssue(error)).toEqual({ message: 'not "title"', position: 0 });
    expect(ruleIssue(new Error('offline'))).toBeUndefined();
  });
});
