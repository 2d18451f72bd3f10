// Starts an export of a collection's records (the browser's current filter and sort); the file
// is downloaded once the job has completed.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { ExportFormat } from '../../features/records/transfer';

export interface ExportInput {
  collection: string;
  format: ExportFormat;
  filter?: string;
  sort?: string;
  fields?: string;
}

export function useExportMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ collection, ...body }: ExportInput) =>
      unwrap(api.POST('/api/v1/collections/{collection}/export', { params: { path: { collection } }, body })),
  });
}
