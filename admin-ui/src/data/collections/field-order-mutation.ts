// Puts the fields in a new order (every field name, in order).
import { api, unwrapAs, type ChangeResponse, type CollectionDefinition } from '../../api';

export function reorderFields(collection: string, order: string[], dryRun = false) {
  return unwrapAs<ChangeResponse<CollectionDefinition>>(
    api.PUT('/api/v1/collections/{collection}/field-order', {
      params: { path: { collection }, query: dryRun ? { dry_run: 'true' } : {} },
      body: { order },
    }),
  );
}
