// Drops a field and its values.
import { api, unwrapAs, type ChangeResponse } from '../../api';

export function deleteField(collection: string, field: string, dryRun = false) {
  return unwrapAs<ChangeResponse<null>>(
    api.DELETE('/api/v1/collections/{collection}/fields/{field}', {
      params: { path: { collection, field }, query: dryRun ? { dry_run: 'true' } : {} },
    }),
  );
}
