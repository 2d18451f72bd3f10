// Renames a field (data kept), changes its type or replaces its options.
import { api, unwrapAs, type ChangeResponse, type FieldDefinition, type FieldOptions, type FieldType } from '../../api';

export interface FieldChanges {
  name?: string;
  type?: FieldType;
  options?: FieldOptions;
}

export function updateField(collection: string, field: string, changes: FieldChanges, dryRun = false) {
  return unwrapAs<ChangeResponse<FieldDefinition>>(
    api.PATCH('/api/v1/collections/{collection}/fields/{field}', {
      params: { path: { collection, field }, query: dryRun ? { dry_run: 'true' } : {} },
      body: changes as never,
    }),
  );
}
