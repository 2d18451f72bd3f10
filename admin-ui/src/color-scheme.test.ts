import { describe, expect, it } from 'vitest';
import { COLOR_SCHEME_KEY, storedColorScheme } from './color-scheme';

const storage = (values: Record<string, string>) => ({ getItem: (key: string) => values[key] ?? null });

describe('storedColorScheme', () => {
  it.each([
    [{ [COLOR_SCHEME_KEY]: 'dark' }, 'dark'],
    [{ [COLOR_SCHEME_KEY]: 'light' }, 'light'],
    [{ [COLOR_SCHEME_KEY]: 'auto' }, 'auto'],
    [{ [COLOR_SCHEME_KEY]: 'purple' }, 'auto'],
    [{}, 'auto'],
  ])('%j gives %s', (values, expected) => {
    expect(storedColorScheme(storage(values))).toBe(expected);
  });

  it('follows the system when storage throws', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
    };
    expect(storedColorScheme(refusing)).toBe('auto');
  });
});
