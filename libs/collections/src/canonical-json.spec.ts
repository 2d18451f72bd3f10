import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('ignores the key order of objects at any depth, not the order of lists', () => {
    const stored = { rules: { delete: null, update: '', list: 'a = 1' }, fields: [{ b: 1, a: 2 }, 3] };
    const written = { fields: [{ a: 2, b: 1 }, 3], rules: { list: 'a = 1', update: '', delete: null } };
    expect(canonicalJson(written)).toBe(canonicalJson(stored));
    expect(canonicalJson({ fields: [3, { a: 2, b: 1 }] })).not.toBe(canonicalJson({ fields: stored.fields }));
  });

  it('leaves out keys whose value is undefined, as JSON does', () => {
    expect(canonicalJson({ a: 1, cache: undefined })).toBe(canonicalJson({ a: 1 }));
    expect(canonicalJson({ a: 1, cache: null })).not.toBe(canonicalJson({ a: 1 }));
  });
});
