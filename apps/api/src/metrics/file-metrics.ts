// File figures of this process in /metrics: thumbnail transforms started, and those waiting
// for a free slot (THUMB_CONCURRENCY), read from the renderer when scraped.

import type { ThumbnailsService } from '@stagecraft/files';
import { Counter, Gauge, type Registry } from 'prom-client';

export function registerFileMetrics(registry: Registry, thumbnails: ThumbnailsService): void {
  let transforms = 0;
  new Counter({
    name: 'stagecraft_thumbnail_transforms_total',
    help: 'Thumbnails rendered by this process (concurrent requests for one thumbnail share a transform)',
    registers: [registry],
    collect() {
      const now = thumbnails.renderer.transforms;
      this.inc(now - transforms);
      transforms = now;
    },
  });
  new Gauge({
    name: 'stagecraft_thumbnail_transforms_waiting',
    help: 'Thumbnail transforms waiting for a slot (THUMB_CONCURRENCY per process)',
    registers: [registry],
    collect() {
      this.set(thumbnails.renderer.waiting);
    },
  });
}
