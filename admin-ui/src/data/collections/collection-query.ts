// One collection by name.
import { useQuery } from '@tanstack/react-query';
import { api, unwrapAs, type CollectionDefinition } from '../../api';
import { collectionKeys } from './keys';

export async function getCollection(name: string): Promise<CollectionDefinition> {
  const body = await unwrapAs<{ data: CollectionDefinition }>(
    api.GET('/api/v1/collections/{collection}', { params: { path: { collection: name } } }),
  );
  return body.data;
}

export function useCollectionQuery(name: string | undefined) {
  return useQuery({
    queryKey: collectionKeys.detail(name ?? ''),
    queryFn: () => getCollection(name ?? ''),
    enabled: name !== undefined,
  });
}
