import { validate, version } from 'uuid';
import { uuidV7 } from './uuid-v7.js';

describe('uuidV7', () => {
  it('makes valid version 7 UUIDs with the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidV7();
      expect(validate(id)).toBe(true);
      expect(version(id)).toBe(7);
      expect('89ab').toContain(id[19]);
    }
  });

  it('carries the time it was made, in milliseconds, in its first 48 bits', () => {
    const before = Date.now();
    const id = uuidV7();
    const after = Date.now();
    const ms = parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after);
  });

  it('makes ids that increase strictly, also within one millisecond and across pool refills', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidV7());
    expect(ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]!)).toBe(-1);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
