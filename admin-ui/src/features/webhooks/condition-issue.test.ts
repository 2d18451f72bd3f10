// A saved condition's problem: the message without the server's "at character N", and the position.
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
    expect(
      conditionIssue(refused('Collection "books": Unknown field "pricey" at character 1; valid fields: id.', 0)),
    ).toEqual({
      message: 'Collection "books": Unknown field "pricey"; valid fields: id.',
      position: 0,
    });
  });

  it('keeps the message alone when the server named no position', () => {
    expect(conditionIssue(refused('Collection "books": Too deep.'))).toEqual({
      message: 'Collection "books": Too deep.',
    });
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
