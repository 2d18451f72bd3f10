import { assertProblemSentences, isSentence, problemFragments } from './problem-sentences.js';

describe('problem sentences', () => {
  it.each([
    'Email is already registered.',
    'Is this right?',
    '3 records were not valid.',
    '"title" is taken.',
    'Use the link in the email ("Reset").',
    'Rules are checked when saved (see docs/rules.md).',
    'It said "no."',
  ])('accepts %j', (text) => {
    expect(isSentence(text)).toBe(true);
  });

  it.each([
    'tags must be array,null',
    'email is already registered',
    'Email is already registered',
    'a non-negative integer.',
    'Failed (E42)',
    '',
  ])('refuses %j', (text) => {
    expect(isSentence(text)).toBe(false);
  });

  it('checks the detail and every field message', () => {
    const problem = {
      code: 'VALIDATION_FAILED',
      detail: 'The request is invalid: check email.',
      errors: [
        { field: 'email', code: 'unique', message: 'email is already registered' },
        { field: 'name', code: 'isString', message: 'Name must be text.' },
      ],
    };
    expect(problemFragments(problem)).toEqual(['email is already registered']);
    expect(() => assertProblemSentences('POST', '/api/v1/auth/register', problem)).toThrow(
      'POST /api/v1/auth/register answered a problem whose text is not a sentence: "email is already registered"',
    );
  });

  it("leaves a function's own rejection alone: its words are the function author's", () => {
    const problem = { code: 'FUNCTION_REJECTED', detail: 'nope', errors: [{ field: 'x', code: 'y', message: 'no' }] };
    expect(problemFragments(problem)).toEqual([]);
  });
});
