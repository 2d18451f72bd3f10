// The field editor's form state → the options object the API accepts, per type.
import { describe, expect, it } from 'vitest';
import type { FieldOptions, FieldType } from '../../api';
import { emptyFieldForm, formFromField, nameProblem, optionsFromForm, type FieldForm } from './field-form';

const form = (type: FieldForm['type'], patch: Partial<FieldForm> = {}): FieldForm => ({
  ...emptyFieldForm(type, 'f'),
  ...patch,
});

describe('optionsFromForm', () => {
  it('text: flags only when on, lengths and pattern as given', () => {
    expect(
      optionsFromForm(
        form('text', {
          required: true,
          unique: false,
          maxLength: '40',
          minLength: '',
          pattern: '^[a-z]+$',
          defaultValue: 'x',
        }),
      ),
    ).toEqual({ options: { required: true, maxLength: 40, pattern: '^[a-z]+$', default: 'x' }, errors: {} });
  });

  it('number: bounds, precision and scale as numbers', () => {
    expect(
      optionsFromForm(form('number', { min: '0', max: '99.5', precision: '6', scale: '2', defaultValue: '1.5' })),
    ).toEqual({
      options: { min: 0, max: 99.5, precision: 6, scale: 2, default: 1.5 },
      errors: {},
    });
  });

  it('integer: a fractional bound or default is an error at its option', () => {
    const result = optionsFromForm(form('integer', { min: '1.5', defaultValue: 'abc' }));
    expect(result.errors).toEqual({ 'options.min': 'Enter a whole number', 'options.default': 'Enter a whole number' });
  });

  it('number: scale without precision is refused', () => {
    expect(optionsFromForm(form('number', { scale: '2' })).errors).toEqual({
      'options.scale': 'Scale needs a precision',
    });
  });

  it('boolean: the default is a boolean, unsupported options are not sent', () => {
    expect(optionsFromForm(form('boolean', { defaultValue: 'false', unique: true, maxLength: '3' }))).toEqual({
      options: { default: false },
      errors: {},
    });
  });

  it('date: bounds stay strings, "now" is a valid default', () => {
    expect(optionsFromForm(form('date', { min: '2020-01-01', defaultValue: 'now' })).options).toEqual({
      min: '2020-01-01',
      default: 'now',
    });
  });

  it('select: values trimmed and de-duplicated, at least one required', () => {
    expect(optionsFromForm(form('select', { values: [' a', 'b', 'a', ''], defaultValue: 'b' })).options).toEqual({
      values: ['a', 'b'],
      default: 'b',
    });
    expect(optionsFromForm(form('select')).errors).toEqual({ 'options.values': 'Add at least one value' });
  });

  it('multi_select: list default and maxSelect', () => {
    expect(
      optionsFromForm(form('multi_select', { values: ['a', 'b'], defaultValues: ['a'], maxSelect: '2', indexed: true }))
        .options,
    ).toEqual({
      values: ['a', 'b'],
      maxSelect: 2,
      indexed: true,
      default: ['a'],
    });
  });

  it('json: the default is parsed, invalid JSON is an error', () => {
    expect(optionsFromForm(form('json', { defaultValue: '{"a": [1]}' })).options).toEqual({ default: { a: [1] } });
    expect(optionsFromForm(form('json', { defaultValue: '{a' })).errors).toEqual({
      'options.default': 'Enter valid JSON',
    });
  });

  it('relation many_to_one: kind, target and onDelete', () => {
    expect(
      optionsFromForm(form('relation', { target: 'authors', onDelete: 'cascade', required: true, unique: true }))
        .options,
    ).toEqual({
      kind: 'many_to_one',
      target: 'authors',
      onDelete: 'cascade',
      required: true,
      unique: true,
    });
  });

  it('relation one_to_many: needs via, has no onDelete or required', () => {
    const result = optionsFromForm(form('relation', { kind: 'one_to_many', target: 'books', required: true }));
    expect(result.options).toEqual({ kind: 'one_to_many', target: 'books' });
    expect(result.errors).toEqual({ 'options.via': expect.any(String) });
    expect(optionsFromForm(form('relation', { kind: 'one_to_many', target: 'books', via: 'author' })).options).toEqual({
      kind: 'one_to_many',
      target: 'books',
      via: 'author',
    });
  });

  it('relation many_to_many: maxSelect, and a target is required', () => {
    expect(optionsFromForm(form('relation', { kind: 'many_to_many', target: 'tags', maxSelect: '5' })).options).toEqual(
      {
        kind: 'many_to_many',
        target: 'tags',
        maxSelect: 5,
      },
    );
    expect(optionsFromForm(form('relation')).errors).toEqual({ 'options.target': 'Choose the collection to link to' });
  });

  it('file: multiple with maxFiles, maxSize from its unit, types and presets normalised', () => {
    expect(
      optionsFromForm(
        form('file', {
          multiple: true,
          maxFiles: '6',
          maxSize: '5',
          maxSizeUnit: 'MiB',
          mimeTypes: ['image/png', ' IMAGE/JPEG', 'image/png'],
          thumbs: ['100x100', '640x0 '],
          protected: true,
          required: true,
          unique: true,
          defaultValue: 'x',
        }),
      ),
    ).toEqual({
      options: {
        required: true,
        multiple: true,
        maxFiles: 6,
        maxSize: 5242880,
        mimeTypes: ['image/png', 'image/jpeg'],
        thumbs: ['100x100', '640x0'],
        protected: true,
      },
      errors: {},
    });
  });

  it('file: a single field sends no maxFiles; empty inputs send nothing', () => {
    expect(optionsFromForm(form('file', { maxFiles: '3' }))).toEqual({ options: {}, errors: {} });
  });

  it('file: bad presets, types, sizes and counts are errors at their option', () => {
    expect(
      optionsFromForm(
        form('file', {
          multiple: true,
          maxFiles: '101',
          maxSize: '0',
          mimeTypes: ['image'],
          thumbs: ['100x100', '0x0', '5000x10'],
        }),
      ).errors,
    ).toEqual({
      'options.maxFiles': 'Enter a number from 1 to 100',
      'options.maxSize': 'Enter a size greater than 0',
      'options.mimeTypes': 'Not a media type: image',
      'options.thumbs': expect.stringMatching(/^Not a preset: 0x0, 5000x10\./),
    });
  });

  it('secret: lengths but no default or unique', () => {
    expect(
      optionsFromForm(form('secret', { minLength: '8', defaultValue: 'x', unique: true, required: true })).options,
    ).toEqual({
      required: true,
      minLength: 8,
    });
  });
});

describe('formFromField', () => {
  it.each<[FieldType, FieldOptions]>([
    ['text', { required: true, maxLength: 40, default: 'x' }],
    ['number', { min: 0, precision: 6, scale: 2 }],
    ['boolean', { default: true, indexed: true }],
    ['json', { default: { a: [1, 2] } }],
    ['select', { values: ['a', 'b'], default: 'a', unique: true }],
    ['multi_select', { values: ['a', 'b'], default: ['b'], maxSelect: 1 }],
    ['relation', { kind: 'many_to_one', target: 'authors', onDelete: 'restrict', required: true }],
    ['file', { multiple: true, maxFiles: 4, maxSize: 1536, mimeTypes: ['image/*'], thumbs: ['0x200f'], hidden: true }],
    ['file', { maxSize: 10 * 1024 ** 2, protected: true }],
  ])('%s options survive a round trip through the form', (type, options) => {
    const back = optionsFromForm(formFromField({ name: 'f', type, options: { ...options } }));
    expect(back).toEqual({ options, errors: {} });
  });
});

describe('nameProblem', () => {
  it.each([
    ['', 'Enter a name'],
    ['Title', expect.stringContaining('lowercase')],
    ['created_at', '"created_at" is a system column'],
    ['title', 'Another field is named "title"'],
    ['price', undefined],
  ])('%j', (name, expected) => {
    expect(nameProblem(name, ['title'])).toEqual(expected);
  });
});
