// The schema designer's save: the collection's whole field list in ONE request, applied as one
// schema change (all of it or none); with `dryRun` the server plans it and returns the SQL only.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  api,
  unwrapAs,
  type ChangeResponse,
  type CollectionDefinition,
  type FieldOptions,
  type FieldType,
} from '../../api';
import { recordKeys } from '../records/keys';
import { collectionKeys } from './keys';

/** A field of the draft: `id` names a saved field (its data is kept); none means a new one. */
export interface FieldReplacement {
  id?: string;
  name: string;
  type: FieldType;
  options: FieldOptions;
}

export interface CollectionReplacement {
  fields: FieldReplacement[];
  /** Consent to the drops and lossy conversions the plan lists. */
  allow_destructive?: boolean;
}

export function replaceCollection(collection: string, body: CollectionReplacement, dryRun = false) {
  return unwrapAs<ChangeResponse<CollectionDefinition>>(
    api.PUT('/api/v1/collections/{collection}', {
      params: { path: { collection }, query: dryRun ? { dry_run: 'true' } : {} },
      body: body as never,
    }),
  );
}

export function useReplaceCollectionMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ body, dryRun = false }: { body: CollectionReplacement; dryRun?: boolean }) =>
      replaceCollection(collection, body, dryRun),
    onSuccess: async (result) => {
      if (result.meta.dry_run) return;
      // The answer is the new definition; a re-read at once could race the API's schema cache.
      queryClient.setQueryData(collectionKeys.detail(collection), result.data);
      queryClient.setQueryData<CollectionDefinition[]>(collectionKeys.list(), (list) =>
        list?.map((item) => (item.name === collection ? result.data : item)),
      );
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: collectionKeys.all, refetchType: 'none' }),
        queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
      ]);
    },
  });
}
