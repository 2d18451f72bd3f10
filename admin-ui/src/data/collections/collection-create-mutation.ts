// Creates a collection (its table at once); `dryRun` only plans it and returns the SQL.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  api,
  unwrapAs,
  type ChangeResponse,
  type CollectionDefinition,
  type CollectionRules,
  type FieldOptions,
  type FieldType,
} from '../../api';
import { collectionKeys } from './keys';

export interface CreateCollectionInput {
  name: string;
  label?: string;
  description?: string;
  rules?: Partial<CollectionRules>;
  fields?: { name: string; type: FieldType; options?: FieldOptions }[];
}

export function createCollection(input: CreateCollectionInput, dryRun = false) {
  return unwrapAs<ChangeResponse<CollectionDefinition>>(
    api.POST('/api/v1/collections', {
      params: { query: dryRun ? { dry_run: 'true' } : {} },
      body: input as never,
    }),
  );
}

export function useCreateCollectionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ input, dryRun = false }: { input: CreateCollectionInput; dryRun?: boolean }) =>
      createCollection(input, dryRun),
    onSuccess: async (result) => {
      if (result.meta.dry_run) return;
      queryClient.setQueryData(collectionKeys.detail(result.data.name), result.data);
      queryClient.setQueryData<CollectionDefinition[]>(collectionKeys.list(), (list) => list && [...list, result.data]);
      await queryClient.invalidateQueries({ queryKey: collectionKeys.all, refetchType: 'none' });
    },
  });
}
