// The registry, type by type: storage, column, operators, value schemas checked with ajv, OpenAPI
// fragments, query coercion, and which casts exist.
import type { FieldDefinition } from '../metadata/field-definition.js';
import { FIELD_TYPE_NAMES } from '../metadata/field-type-name.js';
import type { FilterOperator, StorageType } from '../metadata/storage-type.js';
import { createAjv } from '../json-schema/ajv-instance.js';
import { makeField } from '../testing/schema-fixtures.js';
import {
  coerceFieldQueryValue,
  fieldJsonSchema,
  fieldOpenApiSchema,
  fieldOperators,
  fieldStorage,
  hasColumn,
} from './field-accessors.js';
import { FIELD_TYPES, fieldTypeOf } from './registry.js';

const ajv = createAjv();
const accepts = (field: FieldDefinition, value: unknown) => ajv.validate(fieldJsonSchema(field), value);

const m2o = makeField(1, 'author', 'relation', { kind: 'many_to_one', target: 'users', onDelete: 'cascade' });
const m2m = makeField(1, 'readers', 'relation', { kind: 'many_to_many', target: 'users', maxSelect: 2 });
const o2m = makeField(1, 'posts', 'relation', { kind: 'one_to_many', target: 'posts', via: 'author' });
const UUID = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';
const uuids = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `0190a1b2-c3d4-7e5f-8a6b-${i.toString(16).padStart(12, '0')}`);

describe('field-type registry', () => {
  it('has one module per type name', () => {
    expect(Object.keys(FIELD_TYPES).sort()).toEqual([...FIELD_TYPE_NAMES].sort());
    for (const name of FIELD_TYPE_NAMES) expect(FIELD_TYPES[name].type).toBe(name);
  });

  it.each<[FieldDefinition, StorageType, string | null, readonly FilterOperator[]]>([
    [makeField(1, 'x', 'text', {}), 'text', 'text', ['=', '!=', '~', '!~', 'in', '!in']],
    [makeField(1, 'x', 'long_text', {}), 'text', 'text', ['=', '!=', '~', '!~', 'in', '!in']],
    [makeField(1, 'x', 'integer', {}), 'integer', 'integer', ['=', '!=', '>', '>=', '<', '<=', 'in', '!in']],
    [
      makeField(1, 'x', 'number', { precision: 10, scale: 2 }),
      'numeric',
      'numeric(10,2)',
      ['=', '!=', '>', '>=', '<', '<=', 'in', '!in'],
    ],
    [makeField(1, 'x', 'boolean', {}), 'boolean', 'boolean', ['=', '!=']],
    [makeField(1, 'x', 'date', {}), 'date', 'date', ['=', '!=', '>', '>=', '<', '<=', 'in', '!in']],
    [makeField(1, 'x', 'datetime', {}), 'timestamptz', 'timestamptz', ['=', '!=', '>', '>=', '<', '<=', 'in', '!in']],
    [makeField(1, 'x', 'json', {}), 'jsonb', 'jsonb', ['?=', '=', '!=']],
    [makeField(1, 'x', 'email', {}), 'text', 'text', ['=', '!=', '~', '!~', 'in', '!in']],
    [makeField(1, 'x', 'url', {}), 'text', 'text', ['=', '!=', '~', '!~', 'in', '!in']],
    [makeField(1, 'x', 'select', { values: ['a'] }), 'text', 'text', ['=', '!=', 'in', '!in']],
    [makeField(1, 'x', 'multi_select', { values: ['a'] }), 'text_array', 'text[]', ['?=', '=', '!=']],
    [m2o, 'uuid', 'uuid', ['=', '!=', 'in', '!in']],
    [m2m, 'uuid', null, ['?=']],
    [o2m, 'uuid', null, ['?=']],
    [makeField(1, 'x', 'secret', {}), 'text', 'text', []],
  ])('%# %o: storage, column and operators', (field, storage, sqlType, operators) => {
    expect(fieldStorage(field)).toBe(storage);
    expect(fieldTypeOf(field).columnType(field)?.sqlType ?? null).toBe(sqlType);
    expect(hasColumn(field)).toBe(sqlType !== null);
    expect(fieldOperators(field)).toEqual(operators);
  });
});

describe('jsonSchema: record values', () => {
  it.each<[string, FieldDefinition, unknown[], unknown[]]>([
    [
      'text',
      makeField(1, 'x', 'text', { minLength: 2, maxLength: 3, pattern: '^[a-z]+$' }),
      ['ab', 'abc', null],
      ['a', 'abcd', 'AB', 5],
    ],
    // Empty or only whitespace is as good as missing.
    ['required text', makeField(1, 'x', 'text', { required: true }), ['a', ' a '], [null, '', '   ', '\t\n']],
    ['optional text', makeField(1, 'x', 'text', {}), ['', '  ', null], [5]],
    ['required long_text', makeField(1, 'x', 'long_text', { required: true }), ['a\nb'], ['', ' \n ']],
    ['required email', makeField(1, 'x', 'email', { required: true }), ['a@example.com'], ['', ' ']],
    ['required url', makeField(1, 'x', 'url', { required: true }), ['https://example.com'], ['', ' ']],
    // Without maxLength, text-like values are held to MAX_TEXT_LENGTH characters (not UTF-16 units).
    ['text, no maxLength', makeField(1, 'x', 'text', {}), ['é'.repeat(10_485_760)], ['a'.repeat(10_485_761)]],
    ['long_text, no maxLength', makeField(1, 'x', 'long_text', {}), ['a'.repeat(10_485_760)], ['a'.repeat(10_485_761)]],
    ['secret, no maxLength', makeField(1, 'x', 'secret', {}), [], ['a'.repeat(10_485_761)]],
    ['integer', makeField(1, 'x', 'integer', { min: 0 }), [0, 2147483647, null], [-1, 1.5, '1', 2147483648]],
    ['number(4,2)', makeField(1, 'x', 'number', { precision: 4, scale: 2 }), [99.99, -99.99, 0.5], [100, -100, 'x']],
    ['boolean', makeField(1, 'x', 'boolean', { required: true }), [true, false], [null, 'true', 0]],
    ['date', makeField(1, 'x', 'date', {}), ['2024-02-29', null], ['2023-02-29', '2024-01-01T00:00:00Z']],
    [
      'datetime',
      makeField(1, 'x', 'datetime', {}),
      ['2024-01-01T10:00:00Z', '2024-01-01T10:00:00.5+02:00'],
      ['2024-01-01', '2024-01-01T10:00:00', `2024-01-01T10:00:00.${'1'.repeat(50)}Z`],
    ],
    ['json', makeField(1, 'x', 'json', {}), [{ a: 1 }, [1], 'x', 3, null], []],
    ['required json', makeField(1, 'x', 'json', { required: true }), [{}, false, 0], [null]],
    ['email', makeField(1, 'x', 'email', {}), ['a@example.com', null], ['nope', `${'a'.repeat(250)}@b.co`]],
    [
      'url',
      makeField(1, 'x', 'url', {}),
      ['https://example.com/a?b=c', 'HTTP://x.io'],
      // The last: longer than the uri format checks (its regular expression would overflow the stack).
      ['javascript:alert(1)', 'ftp://x', '/relative', `https://example.com/${'a'.repeat(10_000_000)}`],
    ],
    ['url with pattern', makeField(1, 'x', 'url', { pattern: '\\.org/' }), ['https://x.org/'], ['https://x.com/']],
    ['select', makeField(1, 'x', 'select', { values: ['a', 'b'] }), ['a', null], ['c', '']],
    [
      'multi_select',
      makeField(1, 'x', 'multi_select', { values: ['a', 'b', 'c'], maxSelect: 2 }),
      [['a'], [], ['a', 'b'], null],
      [['a', 'a'], ['a', 'b', 'c'], ['d']],
    ],
    [
      'required multi_select',
      makeField(1, 'x', 'multi_select', { values: ['a'], required: true }),
      [['a']],
      [[], null],
    ],
    ['many_to_one', m2o, [UUID, null], ['x', 5]],
    ['many_to_many', m2m, [[UUID], []], [[UUID, UUID], ['x'], null, [`urn:uuid:${UUID}`]]],
    [
      'many_to_many, no maxSelect',
      makeField(1, 'x', 'relation', { kind: 'many_to_many', target: 'users' }),
      [uuids(1000)],
      [uuids(1001)],
    ],
    ['one_to_many', o2m, [], [[UUID], null]],
    ['secret', makeField(1, 'x', 'secret', { minLength: 4 }), ['abcd', null], ['abc']],
  ])('%s', (_, field, valid, invalid) => {
    for (const value of valid) expect([value, accepts(field, value)]).toEqual([value, true]);
    for (const value of invalid) expect([value, accepts(field, value)]).toEqual([value, false]);
  });
});

describe('openApiSchema', () => {
  it.each<[FieldDefinition, object]>([
    [makeField(1, 'x', 'text', { maxLength: 5 }), { type: ['string', 'null'], maxLength: 5 }],
    [
      makeField(1, 'x', 'integer', { required: true, readOnly: true }),
      { type: 'integer', format: 'int32', minimum: -2147483648, maximum: 2147483647, readOnly: true },
    ],
    [makeField(1, 'x', 'select', { values: ['a'] }), { type: ['string', 'null'], enum: ['a', null] }],
    [makeField(1, 'x', 'text', {}), { type: ['string', 'null'], maxLength: 10_485_760 }],
    [makeField(1, 'x', 'date', {}), { type: ['string', 'null'], format: 'date', maxLength: 10 }],
    [makeField(1, 'x', 'datetime', { required: true }), { type: 'string', format: 'date-time', maxLength: 64 }],
    [
      makeField(1, 'x', 'email', { hidden: true }),
      { type: ['string', 'null'], format: 'email', maxLength: 254, writeOnly: true },
    ],
    [
      makeField(1, 'x', 'secret', { required: true }),
      {
        type: 'string',
        maxLength: 10_485_760,
        allOf: [{ type: 'string', pattern: '\\S', maxLength: 10_485_760 }],
        writeOnly: true,
      },
    ],
    [m2o, { type: ['string', 'null'], format: 'uuid', maxLength: 36 }],
    [
      makeField(1, 'x', 'relation', { kind: 'many_to_many', target: 'users' }),
      { type: 'array', items: { type: 'string', format: 'uuid', maxLength: 36 }, uniqueItems: true, maxItems: 1000 },
    ],
    [
      makeField(1, 'x', 'multi_select', { values: ['a', 'b'], required: true }),
      { type: 'array', items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true, maxItems: 2, minItems: 1 },
    ],
    [o2m, { type: 'array', items: { type: 'string', format: 'uuid', maxLength: 36 }, readOnly: true }],
  ])('%# renders %o', (field, expected) => {
    expect(fieldOpenApiSchema(field)).toEqual(expected);
  });
});

describe('coerceQueryValue', () => {
  it.each<[FieldDefinition, string, unknown]>([
    [makeField(1, 'x', 'text', {}), 'hello', 'hello'],
    [makeField(1, 'x', 'integer', {}), '-42', -42],
    [makeField(1, 'x', 'number', {}), '1.5e3', 1500],
    [makeField(1, 'x', 'boolean', {}), 'false', false],
    [makeField(1, 'x', 'date', {}), '2024-02-29', '2024-02-29'],
    [makeField(1, 'x', 'datetime', {}), '2024-02-29', '2024-02-29T00:00:00.000Z'],
    [makeField(1, 'x', 'datetime', {}), '2024-02-29T10:00:00+01:00', '2024-02-29T10:00:00+01:00'],
    [makeField(1, 'x', 'json', {}), '{"a":1}', { a: 1 }],
    [makeField(1, 'x', 'json', {}), 'plain', 'plain'],
    [makeField(1, 'x', 'select', { values: ['a', 'b'] }), 'b', 'b'],
    [makeField(1, 'x', 'multi_select', { values: ['a'] }), 'a', 'a'],
    [m2o, UUID.toUpperCase(), UUID],
  ])('%# accepts %j', (field, raw, value) => {
    expect(coerceFieldQueryValue(field, raw)).toEqual({ ok: true, value });
  });

  it.each<[FieldDefinition, string]>([
    [makeField(1, 'x', 'integer', {}), '1.5'],
    [makeField(1, 'x', 'integer', {}), '2147483648'],
    [makeField(1, 'x', 'number', {}), 'abc'],
    [makeField(1, 'x', 'number', {}), ''],
    [makeField(1, 'x', 'boolean', {}), 'yes'],
    [makeField(1, 'x', 'date', {}), '2023-02-29'],
    [makeField(1, 'x', 'datetime', {}), '2024-01-01T10:00:00'],
    [makeField(1, 'x', 'select', { values: ['a', 'b'] }), 'c'],
    [m2o, 'not-a-uuid'],
    [makeField(1, 'x', 'secret', {}), 'x'],
  ])('%# refuses %j with a message', (field, raw) => {
    const result = coerceFieldQueryValue(field, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toBe('');
  });
});

describe('castFrom', () => {
  const col = '"c"';
  it.each<[FieldDefinition, FieldDefinition, string, string | null]>([
    [
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'integer', {}),
      '"c"::integer',
      `NOT stagecraft.input_is_valid("c", 'integer')`,
    ],
    [
      makeField(1, 'x', 'number', {}),
      makeField(1, 'x', 'integer', {}),
      'round("c")::integer',
      'round("c") NOT BETWEEN -2147483648 AND 2147483647',
    ],
    [makeField(1, 'x', 'integer', {}), makeField(1, 'x', 'number', {}), '"c"::numeric', null],
    [
      makeField(1, 'x', 'number', {}),
      makeField(1, 'x', 'number', { precision: 5, scale: 1 }),
      '"c"::numeric(5,1)',
      `NOT stagecraft.input_is_valid("c"::text, 'numeric(5,1)')`,
    ],
    [
      makeField(1, 'x', 'text', {}),
      makeField(1, 'x', 'date', {}),
      '"c"::date',
      `NOT stagecraft.input_is_valid("c", 'date')`,
    ],
    [
      makeField(1, 'x', 'datetime', {}),
      makeField(1, 'x', 'text', {}),
      `to_char("c" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
      null,
    ],
  ])('%# %o → %o', (from, to, using, failsWhen) => {
    const cast = fieldTypeOf(to).castFrom(from, to);
    expect(cast?.using(col)).toBe(using);
    expect(cast?.failsWhen?.(col) ?? null).toBe(failsWhen);
  });

  it.each<[FieldDefinition, FieldDefinition]>([
    [makeField(1, 'x', 'text', {}), makeField(1, 'x', 'secret', {})],
    [makeField(1, 'x', 'secret', {}), makeField(1, 'x', 'text', {})],
    [makeField(1, 'x', 'json', {}), makeField(1, 'x', 'integer', {})],
    [makeField(1, 'x', 'integer', {}), makeField(1, 'x', 'date', {})],
    [makeField(1, 'x', 'text', {}), m2o],
    [m2o, m2m],
  ])('%# has no cast from %o to %o', (from, to) => {
    expect(fieldTypeOf(to).castFrom(from, to)).toBeNull();
  });
});
