import { prettyLine } from './pretty-line.js';
import { createLogger, resolveLogFormat } from './logger.js';

const line = (fields: Record<string, unknown>): string =>
  JSON.stringify({ level: 30, time: '2026-12-05T10:11:12.345Z', pid: 7, hostname: 'vm', ...fields });

describe('prettyLine (LOG_FORMAT=pretty)', () => {
  it.each([
    {
      name: 'a plain message, with its process and context',
      fields: { name: 'stagecraft-api', context: 'Redis', msg: 'Redis connection restored' },
      expected: '10:11:12.345 INFO  api    [Redis] Redis connection restored',
    },
    {
      name: 'a request as method, URL, status and time, with the request id after it',
      fields: {
        name: 'stagecraft-api',
        requestId: 'r1',
        req: { method: 'GET', url: '/api/v1' },
        res: { statusCode: 200 },
        responseTime: 2.6,
        msg: 'request completed',
      },
      expected: '10:11:12.345 INFO  api    GET /api/v1 → 200 3ms  requestId=r1',
    },
    {
      name: 'other fields as key=value, quoted when they need it',
      fields: { level: 40, name: 'stagecraft-worker', msg: 'slow', queue: 'events', note: 'two words', n: 3 },
      expected: '10:11:12.345 WARN  worker slow  queue=events note="two words" n=3',
    },
  ])('writes $name', ({ fields, expected }) => {
    expect(prettyLine(line(fields), { colors: false })).toBe(expected);
  });

  it('puts an error stack under its line, indented', () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at run (a.js:1:1)' };
    expect(prettyLine(line({ level: 50, name: 'stagecraft-api', msg: 'boom', err }), { colors: false })).toBe(
      '10:11:12.345 ERROR api    boom\n    Error: boom\n    at run (a.js:1:1)',
    );
  });

  it('colours the level only when asked', () => {
    expect(prettyLine(line({ level: 50, msg: 'x' }), { colors: true })).toContain('\u001b[31mERROR\u001b[0m');
    expect(prettyLine(line({ level: 50, msg: 'x' }), { colors: false })).not.toContain('\u001b[');
  });

  it('passes a line that is not JSON through untouched', () => {
    expect(prettyLine('not json\n', { colors: false })).toBe('not json');
  });
});

describe('resolveLogFormat', () => {
  it.each([
    { configured: undefined, env: 'development', terminal: true, expected: 'pretty' },
    { configured: undefined, env: 'development', terminal: false, expected: 'json' },
    { configured: undefined, env: 'production', terminal: true, expected: 'json' },
    { configured: 'json', env: 'development', terminal: true, expected: 'json' },
    { configured: 'pretty', env: 'production', terminal: false, expected: 'pretty' },
  ] as const)('$configured in $env (terminal: $terminal) → $expected', ({ configured, env, terminal, expected }) => {
    expect(resolveLogFormat(configured, env, terminal)).toBe(expected);
  });
});

describe('createLogger with the pretty format', () => {
  it('writes readable lines, with secrets still redacted', () => {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      createLogger({ level: 'info', name: 'stagecraft-api', format: 'pretty' }).info(
        { req: { headers: { authorization: 'Bearer secret' } }, account: { password: 'hunter2' } },
        'hello',
      );
    } finally {
      write.mockRestore();
    }
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}api {4}hello {2}req=.*account=.*\n$/);
    expect(written[0]).not.toMatch(/secret|hunter2/);
  });
});
