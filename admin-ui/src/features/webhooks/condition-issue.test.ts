// A saved condition's problem: the message without the server's "(at position N)", and the position.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { conditionIssue } from './condition-issue';

const refused = (message: string, position?: number) =>
  new ApiError({
    status: 400,
    code: 'VALIDATION_FAILED',
    detail: 'The webhook is invalid: check condition.',
    errors: [{ field: 'condition', code: 'UNKNOWN_FIELD', message }],
    ...(position === undefined ? {} : { position }),
  });

describe('conditionIssue', () => {
  it('takes the position from the problem and drops it from the message', () => {
    expect(conditionIssue(refused('books: unknown field "pricey" (at position 0)', 0))).toEqual({
      message: 'books: unknown field "pricey"',
      position: 0,
    });
  });

  it('keeps the message alone when the server named no position', () => {
    expect(conditionIssue(refused('books: too deep'))).toEqual({ message: 'books: too deep' });
  });

  it('finds nothing in other problems', () => {
    expect(conditionIssue(new Error('offline'))).toBeUndefined();
    expect(
      conditionIssue(
        new ApiError({
          status: 400,
          code: 'VALIDATION_FAILED',
          detail: 'x',
          errors: [{ field: 'url', code: 'isUrl', message: 'bad' }],
        }),
      ),
    ).toBeUndefined();
  });
});
