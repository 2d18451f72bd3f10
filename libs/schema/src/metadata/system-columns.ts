// The columns every collection table has, owned by the engine rather than by field metadata;
// field names may not shadow them.
export const DATA_SCHEMA = 'data';
export const USERS_COLLECTION = 'users';

export const SYSTEM_COLUMN_NAMES = ['id', 'created_at', 'updated_at', 'created_by', 'version'] as const;
export type SystemColumnName = (typeof SYSTEM_COLUMN_NAMES)[number];

export function isSystemColumnName(name: string): boolean {
  return (SYSTEM_COLUMN_NAMES as readonly string[]).includes(name);
}
