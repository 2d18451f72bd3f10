// Clipboard text ⇄ values by field type.
import { describe, expect, it } from 'vitest';
import type { FieldDefinition } from '../../../api';
import { cellText, isCellEditable, pastedValue } from './cell-text';

const field = (type: FieldDefinition['type'], options: FieldDefinition['options'] = {}) =>
  ({ name: 'f', type, options }) as FieldDefinition;

describe('cellText', () => {
  it.each([
    [field('text'), 'Ada', 'Ada'],
    [field('number'), 12.5, '12.5'],
    [field('boolean'), false, 'false'],
    [field('multi_select'), ['red', 'blue'], 'red, blue'],
    [field('json'), { a: [1] }, '{"a":[1]}'],
    [field('text'), null, ''],
  ])('%o %j → %j', (definition, value, text) => {
    expect(cellText(definition, value)).toBe(text);
  });
});

describe('pastedValue', () => {
  it.each([
    [field('text'), ' Ada ', { value: ' Ada ' }],
    [field('integer'), '42', { value: 42 }],
    [field('integer'), '4.2', { error: 'Enter a whole number' }],
    [field('number'), ' 12.5 ', { value: 12.5 }],
    [field('number'), '', { value: null }],
    [field('boolean'), 'TRUE', { value: true }],
    [field('boolean'), 'no', { value: false }],
    [field('boolean'), 'maybe', { error: 'Enter true or false' }],
    [field('select', { values: ['a', 'b'] }), 'b', { value: 'b' }],
    [field('select', { values: ['a', 'b'] }), 'c', { error: '"c" is not one of a, b' }],
    [field('multi_select', { values: ['red', 'blue'] }), 'red, blue', { value: ['red', 'blue'] }],
    [field('multi_select', { values: ['red'] }), 'red;green', { error: '"green" is not one of red' }],
    [field('json'), '{"a":1}', { value: { a: 1 } }],
    [field('json'), '{a', { error: 'Enter valid JSON' }],
  ])('%o %j → %o', (definition, text, converted) => {
    expect(pastedValue(definition, text)).toEqual(converted);
  });

  it('refuses fields a cell cannot write', () => {
    expect(isCellEditable(field('file'))).toBe(false);
    expect(isCellEditable(field('relation', { kind: 'one_to_many', target: 'x', via: 'y' }))).toBe(false);
    expect(isCellEditable(field('text', { readOnly: true }))).toBe(false);
    expect(pastedValue(field('file'), 'x')).toEqual({ error: 'f cannot be pasted into' });
  });

  it('round-trips what it copies', () => {
    const tags = field('multi_select', { values: ['red', 'blue'] });
    expect(pastedValue(tags, cellText(tags, ['blue', 'red']))).toEqual({ value: ['blue', 'red'] });
  });
});
