// Problem documents routed to inputs, and expression errors located.
import { describe, expect, it } from 'vitest';
import { ApiError, expressionIssue, fieldErrors, positionInMessage, toProblem, unclaimedProblems } from './problem';

const problem = (extra: Record<string, unknown>) =>
  new ApiError(
    toProblem({ status: 400, detail: 'bad', code: 'VALIDATION_FAILED', ...extra }, { status: 400, statusText: '' }),
  );

describe('expressionIssue', () => {
  it('takes a filter position from the problem member and drops the 0-based "at N"', () => {
    const error = problem({
      position: 8,
      errors: [
        { field: 'filter', code: 'SYNTAX', message: 'Unexpected end of input at character 9, expected a value.' },
      ],
    });
    expect(expressionIssue(error, 'filter')).toEqual({
      message: 'Unexpected end of input, expected a value.',
      position: 8,
    });
  });

  it('reads a rule position from its message and strips the "<Action> rule:" prefix', () => {
    const error = problem({
      errors: [
        {
          field: 'rules.list',
          code: 'UNKNOWN_FIELD',
          message: 'List rule: Unknown field "titl" at character 29; valid fields: id, title.',
        },
        {
          field: 'rules.view',
          code: 'SYNTAX',
          message: 'View rule: Unexpected end of input at character 2, expected a value.',
        },
      ],
    });
    expect(expressionIssue(error, 'rules.list')).toEqual({
      message: 'Unknown field "titl"; valid fields: id, title.',
      position: 28,
    });
    expect(expressionIssue(error, 'rules.view')?.position).toBe(1);
    expect(expressionIssue(error, 'rules.create')).toBeUndefined();
  });

  it('is undefined for errors that are not problem documents', () => {
    expect(expressionIssue(new Error('offline'), 'filter')).toBeUndefined();
  });

  it.each([
    ['Unknown field "at character 4" at character 13; valid: a.', 12],
    ['Too deep.', undefined],
    ['Unexpected "x" at character 1.', 0],
  ])('positionInMessage(%j) = %j', (message, expected) => {
    expect(positionInMessage(message)).toBe(expected);
  });
});

describe('fieldErrors', () => {
  const error = problem({
    errors: [
      { field: 'title', code: 'maxLength', message: 'title must NOT have more than 20 characters' },
      { field: 'tags.0', code: 'enum', message: 'tags.0 must be equal to one of the allowed values' },
      { field: 'fields[4].options.min', code: 'invalid_option', message: 'must be number' },
      { field: 'fields[4].name', code: 'invalid_name', message: 'bad name' },
    ],
  });

  it('maps nested paths to their top-level input', () => {
    expect(fieldErrors(error)).toMatchObject({
      title: expect.stringContaining('20'),
      tags: expect.stringContaining('allowed'),
    });
  });

  it('selects and strips a prefix', () => {
    expect(fieldErrors(error, 'fields[4].')).toEqual({ 'options.min': 'must be number', name: 'bad name' });
  });

  it('lists what no input claims', () => {
    expect(unclaimedProblems(error, ['title', 'tags']).map((item) => item.field)).toEqual([
      'fields[4].options.min',
      'fields[4].name',
    ]);
  });

  it('makes a problem of a body that is not one', () => {
    expect(toProblem('<html>', { status: 502, statusText: 'Bad Gateway' })).toMatchObject({
      status: 502,
      code: 'HTTP_502',
    });
  });
});
