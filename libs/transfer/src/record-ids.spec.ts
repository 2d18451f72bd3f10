import { RecordIds } from './record-ids.js';

describe('RecordIds', () => {
  it('gives distinct, increasing version-7 UUIDs, also across pool refills', () => {
    const ids = new RecordIds();
    const made = Array.from({ length: 10_000 }, () => ids.next());
    expect(new Set(made).size).toBe(made.length);
    expect([...made].sort()).toEqual(made);
    for (const id of made.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
