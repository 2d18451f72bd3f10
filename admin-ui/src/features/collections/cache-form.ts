// The response-cache card as the console holds it (a switch plus the seconds, kept while off so
// turning it back on restores them) and as the API stores it (`{ ttl }`, or null: off).
import type { CollectionDefinition } from '../../api';
import type { UpdateCollectionInput } from '../../data/collections/collection-update-mutation';

export const CACHE_TTL_DEFAULT = 60;
export const CACHE_TTL_MAX = 86_400;

export interface CacheForm {
  enabled: boolean;
  /** Mantine's NumberInput gives a string while the box is empty or half typed. */
  ttl: number | string;
}

export function cacheFormOf(cache: CollectionDefinition['cache'] | undefined): CacheForm {
  return cache ? { enabled: true, ttl: cache.ttl } : { enabled: false, ttl: CACHE_TTL_DEFAULT };
}

/** Caught before sending: the server would refuse it anyway (`cache.ttl`). */
export function ttlIssue(form: CacheForm): string | undefined {
  if (!form.enabled) return undefined;
  const { ttl } = form;
  if (typeof ttl === 'number' && Number.isInteger(ttl) && ttl >= 1 && ttl <= CACHE_TTL_MAX) return undefined;
  return `Enter whole seconds from 1 to ${CACHE_TTL_MAX}`;
}

export function cacheValueOf(form: CacheForm): CollectionDefinition['cache'] {
  return form.enabled ? { ttl: Number(form.ttl) } : null;
}

export function cacheChanged(saved: CollectionDefinition['cache'] | undefined, form: CacheForm): boolean {
  return (saved?.ttl ?? null) !== (cacheValueOf(form)?.ttl ?? null);
}

export function cacheUpdateOf(form: CacheForm): UpdateCollectionInput {
  return { cache: cacheValueOf(form) };
}
