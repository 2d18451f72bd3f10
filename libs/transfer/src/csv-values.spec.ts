import type { FieldDefinition } from '@stagecraft/schema';
import { csvCellValue, csvRecord } from './csv-values.js';

/** JSON_MAX_DEPTH for these tests. */
const DEPTH = 64;
let next = 0;
const field = (type: string, options: Record<string, unknown> = {}): FieldDefinition =>
  ({ id: `f${++next}`, name: `f${next}`, type, options, position: next, system: false }) as unknown as FieldDefinition;

describe('csvCellValue', () => {
  it.each([
    ['integer', '42', 42],
    ['integer', ' -7 ', -7],
    ['integer', 'abc', 'abc'],
    ['number', '12.50', 12.5],
    ['number', '1e3', 1000],
    ['number', '12,5', '12,5'],
    ['boolean', 'true', true],
    ['boolean', 'YES', true],
    ['boolean', '1', true],
    ['boolean', 'false', false],
    ['boolean', 'No', false],
    ['boolean', '0', false],
    ['boolean', 'maybe', 'maybe'],
    ['multi_select', '["a","b"]', ['a', 'b']],
    ['multi_select', 'a,b', 'a,b'],
    ['text', ' spaced ', ' spaced '],
    ['date', '2026-01-31', '2026-01-31'],
    ['secret', 's3cret', 's3cret'],
  ])('%s %j → %j', (type, cell, value) => {
    expect(csvCellValue(cell, field(type), DEPTH)).toEqual({ ok: true, value });
  });

  it('parses json cells and refuses text that is not JSON', () => {
    expect(csvCellValue('{"a":[1,2]}', field('json'), DEPTH)).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(csvCellValue('"quoted"', field('json'), DEPTH)).toEqual({ ok: true, value: 'quoted' });
    expect(csvCellValue('not json', field('json'), DEPTH)).toEqual({ ok: false, message: 'is not valid JSON' });
  });

  it('refuses json and array cells nested deeper than JSON_MAX_DEPTH before parsing them', () => {
    const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(csvCellValue(nested(3), field('json'), 3)).toEqual({ ok: true, value: [[[]]] });
    const refused = { ok: false, message: 'nests objects and arrays more than 3 levels deep (JSON_MAX_DEPTH)' };
    expect(csvCellValue(nested(4), field('json'), 3)).toEqual(refused);
    expect(csvCellValue(nested(10_000), field('json'), 3)).toEqual(refused);
    expect(csvCellValue(nested(10_000), field('multi_select'), 3)).toEqual(refused);
  });

  it('reads relations: an id, or a JSON array of ids for many-to-many', () => {
    expect(csvCellValue(' 0190-id ', field('relation', { kind: 'many_to_one', target: 'x' }), DEPTH)).toEqual({
      ok: true,
      value: '0190-id',
    });
    expect(csvCellValue('["a","b"]', field('relation', { kind: 'many_to_many', target: 'x' }), DEPTH)).toEqual({
      ok: true,
      value: ['a', 'b'],
    });
  });
});

describe('csvRecord', () => {
  it('leaves empty cells and columns without a field out and names cells that do not convert', () => {
    const qty = { ...field('integer'), name: 'qty' };
    const meta = { ...field('json'), name: 'meta' };
    const columns = [qty, meta, undefined];
    const { record, problems } = csvRecord(['', '{oops', 'ignored'], columns, DEPTH);
    expect(record).toEqual({});
    expect([...(problems ?? [])]).toEqual([['meta', 'Meta is not valid JSON.']]);
    expect(csvRecord(['3', '[1]', 'x'], columns, DEPTH)).toEqual({
      record: { qty: 3, meta: [1] },
      problems: undefined,
    });
  });
});
