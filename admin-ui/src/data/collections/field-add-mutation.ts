// Adds a field (a column at once); `dryRun` returns the planned SQL only.
import { api, unwrapAs, type ChangeResponse, type FieldDefinition, type FieldOptions, type FieldType } from '../../api';

export interface FieldInput {
  name: string;
  type: FieldType;
  options: FieldOptions;
  position?: number;
}

export function addField(collection: string, input: FieldInput, dryRun = false) {
  return unwrapAs<ChangeResponse<FieldDefinition>>(
    api.POST('/api/v1/collections/{collection}/fields', {
      params: { path: { collection }, query: dryRun ? { dry_run: 'true' } : {} },
      body: input as never,
    }),
  );
}
