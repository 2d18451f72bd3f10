// Clipboard text from spreadsheets: tabs, newlines, quoted cells; and back.
import { describe, expect, it } from 'vitest';
import { parseTsv, toTsv } from './tsv';

describe('parseTsv', () => {
  it.each([
    [
      'a\tb\nc\td\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'a\tb\r\nc\td',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['one', [['one']]],
    ['a\t\tc', [['a', '', 'c']]],
    ['a\t', [['a', '']]],
    ['"line one\nline two"\tx', [['line one\nline two', 'x']]],
    ['"say ""hi"""\t"tab\there"', [['say "hi"', 'tab\there']]],
    ['5" screen\tx', [['5" screen', 'x']]],
    ['"unclosed\tx', [['"unclosed', 'x']]],
    ['', []],
  ])('%j', (text, rows) => {
    expect(parseTsv(text)).toEqual(rows);
  });
});

describe('toTsv', () => {
  it('quotes only cells that need it, and reads back the same', () => {
    const rows = [
      ['plain', 'with\ttab', 'say "hi"'],
      ['multi\nline', '', '42'],
    ];
    const text = toTsv(rows);
    expect(text).toBe('plain\t"with\ttab"\t"say ""hi"""\n"multi\nline"\t\t42');
    expect(parseTsv(text)).toEqual(rows);
  });
});
