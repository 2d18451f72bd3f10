// A refused deploy's problems stay with the text that was sent.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api';
import { deployProblems } from './deploy-problems';
import { emptyFunctionForm, type FunctionForm } from './function-form';

const sent: FunctionForm = {
  ...emptyFunctionForm(),
  name: 'greet',
  source: 'export default async () => {',
  http: true,
  ruleMode: 'expression',
  rule: 'title = "x"',
  timeoutMs: 1,
};

const refused = new ApiError({
  status: 400,
  code: 'VALIDATION_FAILED',
  detail: 'The function is not valid.',
  errors: [
    { field: 'source', code: 'compile', message: 'greet.ts:1:29: Expected "}" but found end of file' },
    { field: 'triggers.http.rule', code: 'UNKNOWN_FIELD', message: 'not "title" (at position 0)' },
    { field: 'settings.timeout_ms', code: 'range', message: 'between 10 and 30000' },
  ],
  position: 0,
  compile_errors: [{ file: 'greet.ts', line: 1, column: 29, message: 'Expected "}" but found end of file' }],
});

describe('deployProblems', () => {
  it('shows every problem on the form as it was sent', () => {
    const problems = deployProblems(refused, sent, sent);
    expect(problems.fields).toEqual({ rule: 'not "title" (at position 0)', timeoutMs: 'between 10 and 30000' });
    expect(problems.rule).toEqual({ message: 'not "title"', position: 0 });
    expect(problems.compile).toMatchObject([{ line: 1, column: 29, from: 28, to: 28 }]);
  });

  it('drops the compile errors once the source changes, and the rule problem once the rule does', () => {
    const edited = { ...sent, source: `${sent.source}}`, rule: '@request.auth.id != ""' };
    const problems = deployProblems(refused, sent, edited);
    expect(problems.compile).toEqual([]);
    expect(problems.rule).toBeUndefined();
    expect(problems.fields).toEqual({ timeoutMs: 'between 10 and 30000' });
  });

  it('shows trigger problems at their rows until the row’s input is edited, the form’s own checks first', () => {
    const withRows: FunctionForm = {
      ...sent,
      events: [{ key: 'e1', collection: 'orders', on: [], condition: 'nope = 1' }],
      schedule: true,
      cron: '0 3 * * *',
    };
    const rowsRefused = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: 'The triggers are not valid.',
      errors: [
        { field: 'triggers.events[0].condition', code: 'UNKNOWN_FIELD', message: 'orders: unknown field "nope"' },
        { field: 'triggers.events[0].on', code: 'size', message: 'name at least one of create, update, delete' },
        { field: 'triggers.schedule.cron', code: 'pattern', message: 'not a cron pattern' },
      ],
    });
    const problems = deployProblems(rowsRefused, withRows, withRows, {}, { ...withRows, events: [] });
    expect(problems.triggers.events).toEqual({
      e1: { condition: 'orders: unknown field "nope"', on: 'name at least one of create, update, delete' },
    });
    expect(problems.triggers.schedule).toEqual({ cron: 'not a cron pattern' });
    expect(problems.fields).toEqual({});

    const local = deployProblems(rowsRefused, withRows, withRows, {}, withRows).triggers.events['e1'];
    expect(local?.on).toBe('Tick at least one action');

    const edited = { ...withRows, events: [{ key: 'e1', collection: 'orders', on: [], condition: 'total > 1' }] };
    expect(deployProblems(rowsRefused, withRows, edited).triggers.events).toEqual({
      e1: { on: 'name at least one of create, update, delete' },
    });
  });

  it('lets what the form refused itself win, and shows nothing before a deploy', () => {
    expect(deployProblems(refused, sent, sent, { timeoutMs: 'A whole number of milliseconds' }).fields.timeoutMs).toBe(
      'A whole number of milliseconds',
    );
    expect(deployProblems(null, null, sent)).toEqual({
      fields: {},
      rule: undefined,
      triggers: { events: {}, beforeWrite: {}, lists: {}, schedule: {} },
      compile: [],
    });
  });
});
