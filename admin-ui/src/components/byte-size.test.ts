// Byte sizes shown and typed in binary units.
import { describe, expect, it } from 'vitest';
import { bytesFrom, formatBytes, splitBytes } from './byte-size';

describe('byte sizes', () => {
  it.each([
    [0, '0 B'],
    [900, '900 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [48211, '47.1 KiB'],
    [5 * 1024 ** 2, '5 MiB'],
    [100 * 1024 ** 2 - 1, '100 MiB'],
    [3 * 1024 ** 3, '3 GiB'],
  ])('formatBytes(%d) = %s', (bytes, shown) => {
    expect(formatBytes(bytes)).toBe(shown);
  });

  it.each([
    [5242880, { amount: '5', unit: 'MiB' }],
    // Not a whole number of KiB: shown in bytes, so nothing is rounded.
    [1536, { amount: '1536', unit: 'B' }],
    [2 * 1024 ** 3, { amount: '2', unit: 'GiB' }],
  ])('splitBytes(%d) keeps the size exact', (bytes, split) => {
    expect(splitBytes(bytes)).toEqual(split);
  });

  it.each([
    ['5', 'MiB', 5242880],
    ['1.5', 'KiB', 1536],
    [' 10 ', 'B', 10],
    ['0', 'B', undefined],
    ['-1', 'KiB', undefined],
    ['abc', 'MiB', undefined],
    ['', 'MiB', undefined],
  ] as const)('bytesFrom(%j, %s) = %s', (amount, unit, bytes) => {
    expect(bytesFrom(amount, unit)).toBe(bytes);
  });
});
