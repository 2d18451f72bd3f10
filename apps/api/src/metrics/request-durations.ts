// `http_request_duration_seconds`, the histogram every HTTP request records once, kept by hand.
// prom-client's Histogram#observe validates and hashes the label object and turns each bucket
// bound into a property name on every call: it took 6 % of the API's CPU under a get-by-id
// load (`BENCH_PROFILE=1 npm run bench`). Here a request costs one string key, one Map lookup
// and a few additions; prom-client's registry still renders the series on a scrape, as
// it renders its own histograms (`get` returns the same shape).

import type { Metric } from 'prom-client';

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** One line of the rendered histogram, as prom-client's registry reads it. */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface Series {
  readonly labels: { method: string; route: string; status_code: string };
  /** Requests per bucket, not cumulative; the last slot counts those above every bound. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class RequestDurations {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP request duration in seconds, by method, route pattern and status code';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  /** As a prom-client metric, for `Registry#registerMetric` (its typings name only its own classes). */
  asMetric(): Metric {
    return this as unknown as Metric;
  }

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const key = `${method} ${statusCode} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      series = {
        labels: { method, route, status_code: String(statusCode) },
        counts: new Array<number>(BUCKETS.length + 1).fill(0),
        sum: 0,
        count: 0,
      };
      this.series.set(key, series);
    }
    let bucket = 0;
    for (const bound of BUCKETS) {
      if (seconds <= bound) break;
      bucket += 1;
    }
    series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += seconds;
    series.count += 1;
  }

  /** What a scrape renders: cumulative buckets up to +Inf, then the sum and count, per series. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0;
      BUCKETS.forEach((bound, index) => {
        cumulative += counts[index] ?? 0;
        values.push({ metricName: `${this.name}_bucket`, labels: { le: bound, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
      values.push({ metricName: `${this.name}_sum`, labels, value: sum });
      values.push({ metricName: `${this.name}_count`, labels, value: count });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }
}
