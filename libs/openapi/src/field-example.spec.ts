import { createAjv, type FieldDefinition } from '@stagecraft/schema';
import { makeField } from '../../schema/src/testing/schema-fixtures.js';
import { buildRecordsOpenApi } from './build-records-openapi.js';
import { fieldExample } from './field-example.js';
import { blogSchema } from './openapi.fixture.js';

const ajv = createAjv();
ajv.addKeyword('example');

describe('fieldExample', () => {
  it.each<[string, FieldDefinition, unknown]>([
    ['text within maxLength', makeField(1, 'title', 'text', { maxLength: 5 }), 'Examp'],
    ['text padded to minLength', makeField(1, 'x', 'text', { minLength: 12 }), 'Example xxxxx'.slice(0, 12)],
    ['a default first', makeField(1, 'x', 'text', { default: 'hello' }), 'hello'],
    ['integer within bounds', makeField(1, 'x', 'integer', { min: 20 }), 20],
    ['number below an exclusive bound', makeField(1, 'x', 'number', { precision: 2, scale: 2 }), 0.99],
    ['number rounded to its scale', makeField(1, 'x', 'number', { precision: 4, scale: 0 }), 10],
    ['date after min', makeField(1, 'x', 'date', { min: '2031-02-03' }), '2031-02-03'],
    ['datetime before max', makeField(1, 'x', 'datetime', { max: '2001-01-01T00:00:00Z' }), '2001-01-01T00:00:00Z'],
    ['select: the first value', makeField(1, 'x', 'select', { values: ['b', 'a'] }), 'b'],
    ['multi_select: the first value', makeField(1, 'x', 'multi_select', { values: ['b', 'a'] }), ['b']],
    ['no value a custom pattern refuses', makeField(1, 'x', 'text', { pattern: '^[0-9]+$' }), undefined],
    [
      'no value for one_to_many',
      makeField(1, 'x', 'relation', { kind: 'one_to_many', target: 'a', via: 'b' }),
      undefined,
    ],
  ])('%s', (_, field, expected) => {
    expect(fieldExample(field)).toEqual(expected);
  });

  it('gives every Create schema an example it accepts', () => {
    const { schemas } = buildRecordsOpenApi(blogSchema, { publicUrl: 'http://localhost' }).components;
    const creates = Object.entries(schemas).filter(([name]) => name.endsWith('Create'));
    expect(creates).toHaveLength(3);
    for (const [name, schema] of creates) {
      const validate = ajv.compile(schema);
      expect([name, validate(schema.example), validate.errors]).toEqual([name, true, null]);
    }
  });
});
