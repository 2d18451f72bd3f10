import pg from 'pg';
import { RowShape, RowShapes, type ColumnDescription } from './row-shapes.js';

// pg's own row building, to compare with: the same columns and values through pg's Result.
type PgResult = {
  addFields(fields: ColumnDescription[]): void;
  parseRow(values: (string | null)[]): Record<string, unknown>;
};
const PgResultClass = (pg as unknown as { Result: new () => PgResult }).Result;

function pgRow(columns: ColumnDescription[], values: (string | null)[]): Record<string, unknown> {
  const result = new PgResultClass();
  result.addFields(columns);
  return result.parseRow(values);
}

const { INT4, TEXT, BOOL, JSON: JSON_OID, NUMERIC, TIMESTAMPTZ, UUID } = pg.types.builtins;
const column = (name: string, dataTypeID: number, format = 'text'): ColumnDescription => ({
  name,
  dataTypeID,
  format,
});

const COLUMNS = [
  column('id', UUID),
  column('n', INT4),
  column('title', TEXT),
  column('active', BOOL),
  column('tags', JSON_OID),
  column('price', NUMERIC),
  column('created_at', TIMESTAMPTZ),
  column('j0__name', TEXT),
  column('__k0', TEXT),
];

describe('RowShape', () => {
  it('builds the row pg builds, key for key and value for value', () => {
    const shape = RowShape.of(COLUMNS, pg.types)!;
    for (const values of [
      [
        '0193b3c4-0000-7000-8000-000000000001',
        '42',
        'a "quoted" title',
        't',
        '{"a":[1,2]}',
        '12.50',
        '2026-12-07 06:26:13.5+00',
        'x',
        'k',
      ],
      [null, null, null, null, null, null, null, null, null],
      ['0193b3c4-0000-7000-8000-000000000002', '-1', '', 'f', '[]', '0', '1999-01-08 04:05:06-08', null, ''],
    ]) {
      const row = shape.row(values);
      const expected = pgRow(COLUMNS, values);
      expect(Object.keys(row)).toEqual(Object.keys(expected));
      expect(row).toEqual(expected);
    }
  });

  it('keeps the last value of a repeated name, as pg does', () => {
    const columns = [column('a', INT4), column('a', TEXT)];
    expect(RowShape.of(columns, pg.types)!.row(['1', 'two'])).toEqual(pgRow(columns, ['1', 'two']));
  });

  it('takes any text as a name, inert', () => {
    const columns = [column('?column?', INT4), column('a"); throw 1; ("', TEXT), column('7', TEXT)];
    const row = RowShape.of(columns, pg.types)!.row(['1', 'x', 'y']);
    expect(row).toEqual({ '?column?': 1, 'a"); throw 1; ("': 'x', '7': 'y' });
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it("leaves to pg what an object literal cannot carry: a binary column, a name '__proto__'", () => {
    expect(RowShape.of([column('a', INT4, 'binary')], pg.types)).toBeUndefined();
    expect(RowShape.of([column('__proto__', TEXT)], pg.types)).toBeUndefined();
  });

  it('describes only the same names and types in the same order', () => {
    const shape = RowShape.of(COLUMNS, pg.types)!;
    expect(shape.describes(COLUMNS.map((c) => ({ ...c })))).toBe(true);
    expect(shape.describes(COLUMNS.slice(1))).toBe(false);
    expect(shape.describes([...COLUMNS.slice(0, -1), column('__k1', TEXT)])).toBe(false);
    expect(shape.describes([...COLUMNS.slice(0, -1), column('__k0', INT4)])).toBe(false);
  });
});

describe('RowShapes', () => {
  it("makes a statement's shape once and again when its columns change", () => {
    const shapes = new RowShapes();
    const first = shapes.shapeOf('sc_a', COLUMNS, pg.types);
    expect(shapes.shapeOf('sc_a', COLUMNS, pg.types)).toBe(first);
    const changed = [column('id', UUID), column('n', TEXT)];
    const second = shapes.shapeOf('sc_a', changed, pg.types)!;
    expect(second).not.toBe(first);
    expect(second.row(['x', '5'])).toEqual({ id: 'x', n: '5' });
  });

  it("remembers that a statement's rows are pg's to build", () => {
    const shapes = new RowShapes();
    expect(shapes.shapeOf('sc_b', [column('__proto__', TEXT)], pg.types)).toBeUndefined();
    expect(shapes.shapeOf('sc_b', [column('__proto__', TEXT)], pg.types)).toBeUndefined();
  });
});
