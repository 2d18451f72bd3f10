// Object names: deterministic from table and field id, within PostgreSQL's 63-byte limit, and
// distinct even when long table names are shortened.
import { fieldIdShort, objectNames, tableObjectName } from './object-names.js';

const id = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b';

describe('object names', () => {
  it('derive from the table and the random end of the field id', () => {
    expect(fieldIdShort(id)).toBe('7c8d9e0f1a2b');
    expect(fieldIdShort(id.toUpperCase())).toBe('7c8d9e0f1a2b');
    expect(objectNames.check('posts', id, 'min')).toBe('posts_7c8d9e0f1a2b_min_chk');
    expect(objectNames.unique('posts', id)).toBe('posts_7c8d9e0f1a2b_key');
    expect(objectNames.index('posts', id)).toBe('posts_7c8d9e0f1a2b_idx');
    expect(objectNames.foreignKey('posts', id)).toBe('posts_7c8d9e0f1a2b_fkey');
    expect(objectNames.primaryKey('posts')).toBe('posts_pkey');
    expect(objectNames.junctionTable(id)).toBe('_m2m_0190a1b2c3d47e5f8a6b7c8d9e0f1a2b');
  });

  it('stay within 63 characters and distinct for long table names', () => {
    const a = `${'a'.repeat(60)}xyz`;
    const b = `${'a'.repeat(60)}xzy`;
    for (const table of [a, b]) {
      expect(objectNames.check(table, id, 'maxlen').length).toBeLessThanOrEqual(63);
      expect(objectNames.createdByForeignKey(table).length).toBeLessThanOrEqual(63);
      expect(objectNames.junctionTargetIndex(id).length).toBeLessThanOrEqual(63);
    }
    expect(tableObjectName(a, 'pkey')).not.toBe(tableObjectName(b, 'pkey'));
    expect(tableObjectName(a, 'pkey')).toMatch(/^a+_[0-9a-f]{8}_pkey$/);
  });

  it('give temporary names that are valid, stable and distinct', () => {
    expect(objectNames.temporary('x')).toMatch(/^_tmp_[0-9a-f]{16}$/);
    expect(objectNames.temporary('x')).toBe(objectNames.temporary('x'));
    expect(objectNames.temporary('x')).not.toBe(objectNames.temporary('y'));
  });
});
