import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldDefinition } from '@stagecraft/schema';
import { ImportFileError, rowSource, type SourceRow } from './row-sources.js';
import type { ImportFormat } from './transfer-job.js';

const field = (name: string, type: string): FieldDefinition =>
  ({ id: name, name, type, options: {}, position: 0, system: false }) as unknown as FieldDefinition;
/** JSON_MAX_DEPTH for these tests: a value may nest 3 levels. */
const JSON_MAX_DEPTH = 3;
const writable = new Map([
  ['title', field('title', 'text')],
  ['qty', field('qty', 'integer')],
]);

describe('rowSource', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagecraft-rows-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function read(format: ImportFormat, text: string): Promise<{ rows: SourceRow[]; bytes: number }> {
    const path = join(dir, `${format}-${Math.random().toString(36).slice(2)}`);
    await writeFile(path, text);
    const source = rowSource(format, path, writable, JSON_MAX_DEPTH);
    const rows: SourceRow[] = [];
    for await (const row of source.rows) rows.push(row);
    return { rows, bytes: source.readBytes() };
  }

  it('CSV: typed records numbered from the first data row, system columns ignored, short rows refused', async () => {
    const text = '\uFEFFtitle,qty,id\r\nLamp,3,x\r\n\r\n"Chair, big",,y\r\nStool\r\n';
    const { rows, bytes } = await read('csv', text);
    expect(rows).toEqual([
      { row: 1, record: { title: 'Lamp', qty: 3 } },
      { row: 2, record: { title: 'Chair, big' } },
      { row: 3, problems: [{ row: 3, field: null, message: 'The row has 1 cells; the header has 3.' }] },
    ]);
    expect(bytes).toBe(Buffer.byteLength(text));
  });

  it.each([
    ['an unknown column', 'title,colour\nx,red\n', 'colour'],
    ['a column twice', 'title,title\nx,y\n', 'title'],
  ])('CSV: a header with %s ends the import with a row 0 error', async (_what, text, field) => {
    await expect(read('csv', text)).rejects.toMatchObject({ errors: [expect.objectContaining({ row: 0, field })] });
  });

  it('CSV: broken quoting ends the import, naming the row it stopped at', async () => {
    const error = await read('csv', 'title,qty\nok,1\n"never closed,2\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as ImportFileError).errors[0]?.row).toBe(2);
  });

  it('NDJSON: rows are line numbers; blank lines skipped; lines that are not objects refused', async () => {
    const { rows } = await read('ndjson', '{"title":"a"}\n\n[1]\nnot json\n{"title":"b","qty":2}');
    expect(rows).toEqual([
      { row: 1, record: { title: 'a' } },
      { row: 3, problems: [{ row: 3, field: null, message: 'Line is not a JSON object.' }] },
      { row: 4, problems: [{ row: 4, field: null, message: 'The line is not valid JSON.' }] },
      { row: 5, record: { title: 'b', qty: 2 } },
    ]);
  });

  it('JSON: an array of objects; anything else ends the import', async () => {
    const { rows } = await read('json', '[{"title":"a"}, 7]');
    expect(rows).toEqual([
      { row: 1, record: { title: 'a' } },
      { row: 2, problems: [{ row: 2, field: null, message: 'Element is not a JSON object.' }] },
    ]);
    await expect(read('json', '{"title":"a"}')).rejects.toThrow('The JSON document must be an array of records.');
    await expect(read('json', '[{')).rejects.toBeInstanceOf(ImportFileError);
  });

  const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('NDJSON: a line whose values nest deeper than JSON_MAX_DEPTH is refused before it is parsed', async () => {
    const { rows } = await read(
      'ndjson',
      `{"title":${nested(3)}}
{"title":${nested(4)}}
{"title":${nested(10_000)}}`,
    );
    expect(rows[0]).toEqual({ row: 1, record: { title: [[[]]] } });
    for (const row of [2, 3]) {
      expect(rows[row - 1]).toEqual({
        row,
        problems: [
          {
            row,
            field: null,
            message: expect.stringMatching(/^The line nests objects and arrays more than 4 levels deep/),
          },
        ],
      });
    }
  });

  it('JSON: a document whose values nest deeper than JSON_MAX_DEPTH ends the import', async () => {
    const { rows } = await read('json', `[{"title":${nested(3)}}]`);
    expect(rows).toEqual([{ row: 1, record: { title: [[[]]] } }]);
    for (const depth of [4, 10_000]) {
      await expect(read('json', `[{"title":${nested(depth)}}]`)).rejects.toThrow(/more than 5 levels deep/);
    }
  });
});
