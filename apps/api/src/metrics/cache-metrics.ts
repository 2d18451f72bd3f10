// Response cache figures of this process in /metrics: reads of cached collections by outcome
// (hit, miss, bypass), read from the cache's counters when scraped.

import type { CacheStatus, ResponseCache } from '@stagecraft/records';
import { Counter, type Registry } from 'prom-client';

export function registerCacheMetrics(registry: Registry, cache: ResponseCache): void {
  const reported: Record<CacheStatus, number> = { hit: 0, miss: 0, bypass: 0 };
  new Counter({
    name: 'stagecraft_response_cache_reads_total',
    help: 'Reads of collections with response caching on, by result: hit (served from Redis), miss (computed and stored), bypass (not cacheable, or Redis away)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      for (const result of ['hit', 'miss', 'bypass'] as const) {
        this.inc({ result }, cache.counts[result] - reported[result]);
        reported[result] = cache.counts[result];
      }
    },
  });
}
