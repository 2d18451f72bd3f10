// Record values between the API's JSON and the form's inputs.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../api';
import { fromInputValue, recordBody, recordWrite, toInputValue } from './record-values';

const field = (
  name: string,
  type: FieldDefinition['type'],
  options: FieldDefinition['options'] = {},
): FieldDefinition => ({
  id: name,
  name,
  type,
  options,
  position: 0,
  system: false,
});

describe('record values', () => {
  it.each([
    [field('n', 'integer'), '42', { value: 42 }],
    [field('n', 'integer'), '4.2', { error: 'Enter a whole number' }],
    [field('n', 'number'), '4.25', { value: 4.25 }],
    [field('n', 'number'), '', { value: null }],
    [field('j', 'json'), '{"a":1}', { value: { a: 1 } }],
    [field('j', 'json'), '{a', { error: 'Enter valid JSON' }],
    [field('s', 'secret'), '', { skip: true }],
    [field('t', 'text'), '', { value: null }],
    [field('t', 'text', { required: true }), '', { value: '' }],
    [field('d', 'date'), '2026-01-31', { value: '2026-01-31' }],
  ])('%#: %s', (definition, input, expected) => {
    expect(fromInputValue(definition, input)).toEqual(expected);
  });

  it('datetime-local round-trips through the local time zone', () => {
    const definition = field('at', 'datetime');
    const local = toInputValue(definition, '2026-03-01T10:20:30.000Z');
    expect(fromInputValue(definition, local)).toEqual({ value: '2026-03-01T10:20:30.000Z' });
  });

  it('a new record leaves empty fields to their defaults; an edit sends only what changed', () => {
    const fields = [field('title', 'text'), field('price', 'number'), field('tags', 'multi_select', { values: ['a'] })];
    expect(recordBody(fields, { title: 'Lamp', price: '', tags: [] }, undefined)).toEqual({
      body: { title: 'Lamp' },
      errors: {},
    });
    const initial = { title: 'Lamp', price: '3', tags: ['a'] };
    expect(recordBody(fields, { title: 'Lamp', price: '4', tags: [] }, initial)).toEqual({
      body: { price: 4, tags: [] },
      errors: {},
    });
  });

  it('never sends read-only fields or the virtual side of a relation', () => {
    const fields = [
      field('at', 'datetime', { readOnly: true }),
      field('books', 'relation', { kind: 'one_to_many', target: 'b', via: 'a' }),
    ];
    expect(recordBody(fields, { at: '2026-01-01T00:00', books: [] }, undefined)).toEqual({ body: {}, errors: {} });
  });

  it('file values become kept files in the form, and a write of names, references and parts', () => {
    const photo = { name: 'a_x.png', originalName: 'a.png', size: 3, type: 'image/png', checksum: 'sha256:0' };
    const photos = field('photos', 'file', { multiple: true });
    const cover = field('cover', 'file');
    const fields = [field('title', 'text'), photos, cover];
    const initial = { title: 'Trip', photos: toInputValue(photos, [photo]), cover: toInputValue(cover, null) };
    expect(initial.photos).toEqual({ kept: [photo], added: [] });
    expect(recordWrite(fields, initial, initial)).toEqual({ body: {}, errors: {}, files: [] });

    const picked = new File(['hi'], 'c.txt', { type: 'text/plain' });
    const edited = { ...initial, title: 'Trip 2', photos: { kept: [], added: [{ key: 'k1', file: picked }] } };
    const write = recordWrite(fields, edited, initial);
    expect(write.body).toEqual({ title: 'Trip 2' });
    expect(write.files).toEqual([{ field: 'photos', file: picked, key: 'k1' }]);
    // The JSON-only helper never sends a file field: files are written by recordWrite.
    expect(recordBody(fields, edited, initial).body).toEqual({ title: 'Trip 2' });
    expect(fromInputValue(photos, edited.photos)).toEqual({ skip: true });
  });
});
