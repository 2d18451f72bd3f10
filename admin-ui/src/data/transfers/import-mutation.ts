// Uploads a file to import into a collection; the answer is the queued job, whose progress and
// report are read from GET /jobs/{id}.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { importQuery, type ImportOptions } from '../../features/records/transfer';

export interface ImportInput extends ImportOptions {
  collection: string;
  file: File;
}

export function useImportMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ collection, file, ...options }: ImportInput) => {
      const body = new FormData();
      body.append('file', file, file.name);
      return unwrap(
        api.POST('/api/v1/collections/{collection}/import', {
          params: { path: { collection }, query: importQuery(options) },
          body: body as never,
        }),
      );
    },
  });
}
