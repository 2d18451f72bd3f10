// Rules between the editor's modes and the API's null / "" / expression.
import { describe, expect, it } from 'vitest';
import { changedRules, ruleFormOf, ruleValueOf, unchangedSinceSent, type RuleForm } from './rule-form';

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

describe('errors follow the text they were computed for', () => {
  const forms = (view: string) =>
    ({
      list: { mode: 'admins', expression: '' },
      view: { mode: 'expression', expression: view },
      create: { mode: 'admins', expression: '' },
      update: { mode: 'admins', expression: '' },
      delete: { mode: 'anyone', expression: '' },
    }) satisfies Record<string, RuleForm>;

  it('keeps the error of a rule left as it was sent', () => {
    const sent = { view: 'published = tru', delete: '' };
    expect([...unchangedSinceSent(sent, forms('published = tru'))].sort()).toEqual(['delete', 'view']);
  });

  it('drops the error of a rule edited since, even when edited back to the saved text', () => {
    const sent = { view: 'published = tru' };
    expect(unchangedSinceSent(sent, forms('published = true')).has('view')).toBe(false);
    expect(unchangedSinceSent(sent, forms('published = tru ')).has('view')).toBe(false);
  });

  it('has nothing to keep before anything was sent', () => {
    expect(unchangedSinceSent(undefined, forms('x')).size).toBe(0);
  });
});
