// Response caching between the card's switch and seconds and the API's `{ ttl }` / null.
import { describe, expect, it } from 'vitest';
import { cacheChanged, cacheFormOf, cacheUpdateOf, ttlIssue } from './cache-form';

describe('cache forms', () => {
  it.each([
    [null, { enabled: false, ttl: 60 }],
    [undefined, { enabled: false, ttl: 60 }],
    [{ ttl: 30 }, { enabled: true, ttl: 30 }],
  ])('%j → form', (cache, form) => {
    expect(cacheFormOf(cache)).toEqual(form);
  });

  it('sends the seconds when on and null when off', () => {
    expect(cacheUpdateOf({ enabled: true, ttl: 30 })).toEqual({ cache: { ttl: 30 } });
    expect(cacheUpdateOf({ enabled: false, ttl: 30 })).toEqual({ cache: null });
  });

  it('is changed only when what would be sent differs from what is saved', () => {
    expect(cacheChanged(null, { enabled: false, ttl: 120 })).toBe(false);
    expect(cacheChanged(null, { enabled: true, ttl: 60 })).toBe(true);
    expect(cacheChanged({ ttl: 30 }, { enabled: true, ttl: 30 })).toBe(false);
    expect(cacheChanged({ ttl: 30 }, { enabled: true, ttl: 31 })).toBe(true);
    expect(cacheChanged({ ttl: 30 }, { enabled: false, ttl: 30 })).toBe(true);
  });

  it.each([[''], [0], [1.5], [86_401]])('refuses %j seconds before sending', (ttl) => {
    expect(ttlIssue({ enabled: true, ttl })).toBe('Enter whole seconds from 1 to 86400');
  });

  it('accepts 1 to 86400 seconds, and anything while off', () => {
    expect(ttlIssue({ enabled: true, ttl: 1 })).toBeUndefined();
    expect(ttlIssue({ enabled: true, ttl: 86_400 })).toBeUndefined();
    expect(ttlIssue({ enabled: false, ttl: '' })).toBeUndefined();
  });
});
