import { bindValue, containsPattern, isIsoDate, normaliseTimestamp, type RuntimeValue } from './value-binding.js';

const plain = (value: unknown): RuntimeValue => ({ type: 'plain', value });
const decimal = (raw: string): RuntimeValue => ({ type: 'decimal', raw });

describe('value binding', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2024-04-31', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2024-1-01', false],
    ['2024-01-01T00:00:00Z', false],
    [' 2024-01-01', false],
  ])('isIsoDate(%j) is %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it.each([
    ['2024-01-01', '2024-01-01T00:00:00Z'],
    ['2024-01-01T10:00', '2024-01-01T10:00:00Z'],
    ['2024-01-01 10:00:30', '2024-01-01T10:00:30Z'],
    ['2024-01-01T10:00:30.123456Z', '2024-01-01T10:00:30.123456Z'],
    ['2024-01-01T10:00:30-05:30', '2024-01-01T10:00:30-05:30'],
    ['2024-01-01T23:59:59+15:59', '2024-01-01T23:59:59+15:59'],
    ['2024-01-01T24:00:00Z', undefined],
    ['2024-01-01T10:60Z', undefined],
    ['2024-01-01T10:00:61Z', undefined],
    ['2024-01-01T10:00:00+16:00', undefined],
    ['2024-01-01T10:00:00.1234567Z', undefined],
    ['2024-02-30T10:00:00Z', undefined],
    ['2024-01-01Z', undefined],
    ['2024-01-01T10Z', undefined],
    ['yesterday', undefined],
  ])('normaliseTimestamp(%j) is %j', (text, expected) => {
    expect(normaliseTimestamp(text)).toBe(expected);
  });

  it.each([
    ['lamp', '%lamp%'],
    ['100%', '%100\\%%'],
    ['a_b', '%a\\_b%'],
    ['back\\slash', '%back\\\\slash%'],
    ['', '%%'],
  ])('containsPattern(%j) is %j', (text, pattern) => {
    expect(containsPattern(text)).toBe(pattern);
  });

  it.each<[string, RuntimeValue, Parameters<typeof bindValue>[1], unknown]>([
    ['null stays null for any kind', plain(null), 'uuid', { ok: true, param: null }],
    ['an absent body value is null', plain(undefined), 'integer', { ok: true, param: null }],
    ['a safe integer literal', decimal('-42'), 'integer', { ok: true, param: -42 }],
    ['an integer beyond 2^53', decimal('9007199254740993'), 'integer', { ok: false }],
    ['a fractional body value for an integer', plain(1.5), 'integer', { ok: false }],
    [
      'a decimal literal stays exact text',
      decimal('0.30000000000000000004'),
      'numeric',
      { ok: true, param: '0.30000000000000000004' },
    ],
    ['a body number for numeric', plain(2.5), 'numeric', { ok: true, param: 2.5 }],
    ['infinity is not a number here', plain(Number.POSITIVE_INFINITY), 'numeric', { ok: false }],
    ['text with NUL', plain('a\0'), 'text', { ok: false }],
    [
      'upper-case UUID',
      plain('0190C3A4-6B1E-7CC2-9A51-3F0E4B2D8C11'),
      'uuid',
      { ok: true, param: '0190C3A4-6B1E-7CC2-9A51-3F0E4B2D8C11' },
    ],
    ['UUID without dashes', plain('0190c3a46b1e7cc29a513f0e4b2d8c11'), 'uuid', { ok: false }],
    [
      '@now for a date is the UTC day',
      { type: 'instant', at: new Date('2024-05-31T23:30:00-02:00') },
      'date',
      { ok: true, param: '2024-06-01' },
    ],
    ['an invalid Date for @now', { type: 'instant', at: new Date('nope') }, 'timestamptz', { ok: false }],
    ['a JSON number without leading zeros', decimal('-007.50'), 'jsonb', { ok: true, param: '-7.50' }],
    ['a JSON object', plain({ a: [1, 'b'] }), 'jsonb', { ok: true, param: '{"a":[1,"b"]}' }],
    ['JSON holding NUL', plain({ a: 'x\0' }), 'jsonb', { ok: false }],
    ['a JSON key holding NUL', plain({ 'a\0': 1 }), 'jsonb', { ok: false }],
    ['a BigInt is not JSON', plain(1n), 'jsonb', { ok: false }],
    ['a text list', plain(['a', 'b']), 'text_array', { ok: true, param: ['a', 'b'] }],
    ['a mixed list is not a text list', plain(['a', 1]), 'text_array', { ok: false }],
  ])('%s', (_name, value, storage, expected) => {
    expect(bindValue(value, storage)).toEqual(expected);
  });
});
