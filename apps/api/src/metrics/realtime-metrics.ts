// Realtime figures of this process in /metrics: open connections and subscriptions (read when
// scraped), changes delivered and connections dropped for falling behind (counted by the hub),
// and how long changes took from their commit to being written to a connection.

import type { RealtimeHub } from '@stagecraft/realtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export function registerRealtimeMetrics(registry: Registry, hub: RealtimeHub): void {
  new Gauge({
    name: 'stagecraft_realtime_connections',
    help: 'Open realtime connections (SSE and WebSocket) on this process',
    registers: [registry],
    collect() {
      this.set(hub.stats().connections);
    },
  });
  new Gauge({
    name: 'stagecraft_realtime_subscriptions',
    help: 'Subscriptions held by the open realtime connections of this process',
    registers: [registry],
    collect() {
      this.set(hub.stats().subscriptions);
    },
  });
  let delivered = 0;
  new Counter({
    name: 'stagecraft_realtime_deliveries_total',
    help: 'Record changes written to realtime connections',
    registers: [registry],
    collect() {
      const now = hub.stats().delivered;
      this.inc(now - delivered);
      delivered = now;
    },
  });
  let dropped = 0;
  new Counter({
    name: 'stagecraft_realtime_dropped_connections_total',
    help: 'Realtime connections dropped because they fell behind by REALTIME_MAX_BUFFER_BYTES',
    registers: [registry],
    collect() {
      const now = hub.stats().dropped;
      this.inc(now - dropped);
      dropped = now;
    },
  });
  const lag = new Histogram({
    name: 'stagecraft_realtime_delivery_lag_seconds',
    help: 'Seconds from the commit of a record change to its delivery on a realtime connection',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  hub.onDelivery = (seconds) => lag.observe(Math.max(seconds, 0));
}
