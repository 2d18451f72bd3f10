// Completions of ctx members from the typed description: which object the cursor is after,
// how the handler names ctx, and what each option shows.
import { describe, expect, it } from 'vitest';
import { ctxBindings, ctxCompletions, ctxMemberAt, DETAIL_MAX } from './ctx-completions';
import { CTX } from './ctx-types';

const HANDLER = 'export default async (ctx) => {\n';
const labels = (source: string, before: string) => ctxCompletions(source, before)?.options.map((o) => o.label);

describe('ctxCompletions', () => {
  it('offers every ctx member after "ctx."', () => {
    expect(labels(HANDLER, '  ctx.')).toEqual([
      'trigger',
      'request',
      'event',
      'idempotency_key',
      'attempt',
      'schedule',
      'caller',
      'function',
      'log',
      'records',
      'secrets',
      'fetch',
      'reject',
    ]);
  });

  it('counts what is typed of the name, so the editor replaces it', () => {
    expect(ctxCompletions(HANDLER, '  await ctx.rec')?.typed).toBe(3);
    expect(ctxCompletions(HANDLER, '  ctx.')?.typed).toBe(0);
  });

  it.each([
    ['ctx.records.', ['list', 'get', 'create', 'update', 'delete']],
    ['ctx.caller?.', ['id', 'kind', 'role']],
    ['ctx.request?.', ['method', 'path', 'query', 'headers', 'body']],
    ['ctx .log. de', ['debug', 'info', 'warn', 'error']],
    ['ctx.secrets.g', ['get']],
    ['ctx.event?.', ['id', 'type', 'timestamp', 'data', 'collection', 'record', 'current']],
    ['ctx.event.data.', ['collection', 'action', 'record_id', 'actor', 'record', 'previous']],
    ['ctx.schedule?.', ['cron', 'timezone', 'at']],
  ])('offers the members of %s', (before, expected) => {
    expect(labels(HANDLER, `  return ${before}`)).toEqual(expected);
  });

  it('shows signatures and docs', () => {
    const list = ctxCompletions(HANDLER, 'ctx.records.')?.options.find((option) => option.label === 'get');
    expect(list).toMatchObject({ type: 'method', info: expect.stringContaining('One record') });
    expect(list?.detail).toMatch(/^get\(collection: string, id: string.*…$/);
    expect(list?.detail).toHaveLength(DETAIL_MAX);
    expect(list?.signature).toMatch(/\): Promise<RecordData>$/);
    const records = ctxCompletions(HANDLER, 'ctx.')?.options.find((option) => option.label === 'records');
    expect(records).toMatchObject({ type: 'namespace', detail: 'Records' });
  });

  it('explains reject and the idempotency key', () => {
    const options = ctxCompletions(HANDLER, 'ctx.')?.options ?? [];
    expect(options.find((option) => option.label === 'reject')).toMatchObject({
      type: 'method',
      signature: expect.stringMatching(
        /^reject\(message: string, options\?: \{ status\?: number; errors\?:.*\): never$/,
      ),
      info: expect.stringContaining('FUNCTION_REJECTED'),
    });
    expect(options.find((option) => option.label === 'idempotency_key')).toMatchObject({
      type: 'property',
      detail: 'string | null',
    });
  });

  it.each([
    ['not after a member access', 'ctx'],
    ['after a member without members', 'ctx.trigger.'],
    ['after an unknown member', 'ctx.nope.'],
    ['after another object', 'other.'],
    ['after a property of something else', 'foo.ctx.'],
  ])('offers nothing %s', (_label, before) => {
    expect(ctxCompletions(HANDLER, before)).toBeNull();
  });
});

describe('ctxBindings', () => {
  it('follows the name the handler gives ctx', () => {
    const source = 'export default async function handler(context: Ctx) {\n';
    expect(labels(source, 'context.function.')).toEqual(['name', 'version']);
    expect(labels('export default async context => 1', 'context.secrets.')).toEqual(['get']);
  });

  it('binds destructured members, with their aliases', () => {
    const bindings = ctxBindings('export default async ({ records, log: logger, nope }) => {}');
    expect([...bindings.keys()]).toEqual(['ctx', 'records', 'logger']);
    expect(labels('export default async ({ records }) => {}', 'records.')).toContain('create');
  });

  it('always knows ctx, even without a default export yet', () => {
    expect(ctxBindings('')).toEqual(new Map([['ctx', CTX]]));
  });
});

describe('ctxMemberAt', () => {
  it('names the member a path ends at, for hover help', () => {
    expect(ctxMemberAt(HANDLER, 'await ctx.records.list')?.type).toMatch(/^list\(collection: string/);
    expect(ctxMemberAt(HANDLER, 'ctx')?.name).toBe('ctx');
    expect(ctxMemberAt(HANDLER, 'ctx.event?.data.previous')?.doc).toMatch(/before the change/);
    expect(ctxMemberAt('export default async ({ event }) => {}', 'event.current')?.doc).toMatch(/Before-write/);
    expect(ctxMemberAt(HANDLER, 'x.list')).toBeUndefined();
  });
});
