// Rules between the editor's modes and the API's null / "" / expression.
import { describe, expect, it } from 'vitest';
import { changedRules, ruleFormOf, ruleValueOf } from './rule-form';

describe('rule forms', () => {
  it.each([
    [null, { mode: 'admins', expression: '' }],
    ['', { mode: 'anyone', expression: '' }],
    ['  ', { mode: 'anyone', expression: '' }],
    ['@request.auth.id != null', { mode: 'expression', expression: '@request.auth.id != null' }],
  ])('%j ⇄ form', (rule, form) => {
    expect(ruleFormOf(rule)).toEqual(form);
  });

  it('an empty expression stays admins-only rather than opening the collection', () => {
    expect(ruleValueOf({ mode: 'expression', expression: ' ' })).toBeNull();
  });

  it('sends only the actions that changed', () => {
    const saved = { list: null, view: '', create: null, update: null, delete: null };
    expect(
      changedRules(saved, {
        list: { mode: 'expression', expression: 'a = 1' },
        view: { mode: 'anyone', expression: '' },
        create: { mode: 'admins', expression: '' },
        update: { mode: 'anyone', expression: '' },
        delete: { mode: 'admins', expression: '' },
      }),
    ).toEqual({ list: 'a = 1', update: '' });
  });
});
