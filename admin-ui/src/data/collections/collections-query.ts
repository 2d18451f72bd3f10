// Every collection with its fields and rules.
import { useQuery } from '@tanstack/react-query';
import { api, unwrapAs, type CollectionDefinition } from '../../api';
import { collectionKeys } from './keys';

export async function listCollections(): Promise<CollectionDefinition[]> {
  const body = await unwrapAs<{ data: CollectionDefinition[] }>(api.GET('/api/v1/collections'));
  return body.data;
}

export function useCollectionsQuery() {
  return useQuery({ queryKey: collectionKeys.list(), queryFn: listCollections });
}
