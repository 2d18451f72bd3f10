// What the soak sees inside each API instance, per period: garbage-collection pauses, the
// event loop's delay and the API's own request durations, from its /metrics (scraped directly,
// not through the balancer). Set beside the latency the load generator measures, it tells a
// tail made in the API (a long pause, a blocked loop) from one made elsewhere (the balancer,
// CPU taken by other processes).

/** Parses the Prometheus text format into name{labels} → value, for the series we read. */
function parseMetrics(text) {
  const values = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

function sumWhere(values, predicate) {
  let sum = 0;
  for (const [series, value] of values) if (predicate(series)) sum += value;
  return sum;
}

/** The cumulative counters of one scrape that the period figures are differences of. */
function counters(values) {
  const gc = (suffix, kind) => values.get(`nodejs_gc_duration_seconds_${suffix}{kind="${kind}"}`) ?? 0;
  const httpBucket = (le) =>
    sumWhere(values, (s) => s.startsWith('http_request_duration_seconds_bucket{') && s.includes(`le="${le}"`));
  return {
    majorSeconds: gc('sum', 'major'),
    majorCount: gc('count', 'major'),
    minorSeconds: gc('sum', 'minor'),
    minorCount: gc('count', 'minor'),
    incrementalSeconds: gc('sum', 'incremental'),
    requests: httpBucket('+Inf'),
    requestsWithin50ms: httpBucket('0.05'),
    // Cumulative buckets: a pause over 100 ms is one not in the 0.1 bucket.
    gcOver100ms:
      sumWhere(values, (s) => s.startsWith('nodejs_gc_duration_seconds_count{')) -
      sumWhere(values, (s) => s.startsWith('nodejs_gc_duration_seconds_bucket{') && s.includes('le="0.1"')),
    heapUsedMiB: (values.get('nodejs_heap_size_used_bytes') ?? 0) / 2 ** 20,
    // The event-loop histogram is reset by every scrape: these are the period's own.
    loopP99Ms: (values.get('nodejs_eventloop_lag_p99_seconds') ?? Number.NaN) * 1000,
    loopMaxMs: (values.get('nodejs_eventloop_lag_max_seconds') ?? Number.NaN) * 1000,
  };
}

async function scrape(url) {
  try {
    const response = await globalThis.fetch(`${url}/metrics`, { signal: globalThis.AbortSignal.timeout(2000) });
    return response.ok ? counters(parseMetrics(await response.text())) : undefined;
  } catch {
    return undefined;
  }
}

function difference(before, after) {
  if (!before || !after || after.requests < before.requests) return undefined; // restarted in between
  const delta = (key) => after[key] - before[key];
  const requests = delta('requests');
  return {
    gcMs: (delta('majorSeconds') + delta('minorSeconds') + delta('incrementalSeconds')) * 1000,
    majorCount: delta('majorCount'),
    majorMs: delta('majorSeconds') * 1000,
    minorCount: delta('minorCount'),
    gcOver100ms: delta('gcOver100ms'),
    requests,
    over50msShare: requests > 0 ? (requests - delta('requestsWithin50ms')) / requests : Number.NaN,
    heapUsedMiB: after.heapUsedMiB,
    loopP99Ms: after.loopP99Ms,
    loopMaxMs: after.loopMaxMs,
  };
}

/**
 * Scrapes every API at the start and after each period; `periodEnded()` returns the period's
 * figures by API name (undefined for an API that restarted in it or did not answer).
 */
export async function watchApis(apis) {
  let last = new Map(await Promise.all(apis.map(async (api) => [api.name, await scrape(api.url)])));
  return {
    async periodEnded() {
      const now = new Map(await Promise.all(apis.map(async (api) => [api.name, await scrape(api.url)])));
      const figures = new Map(apis.map((api) => [api.name, difference(last.get(api.name), now.get(api.name))]));
      last = now;
      return figures;
    },
  };
}

const fixed = (value, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** One line per API for the progress log. */
export function runtimeText(figures) {
  return [...figures]
    .map(([name, f]) =>
      f
        ? `${name}: GC ${fixed(f.gcMs)} ms (${f.majorCount} major, ${fixed(f.majorMs)} ms), loop p99/max ${fixed(f.loopP99Ms, 1)}/${fixed(f.loopMaxMs)} ms, ` +
          `${fixed(f.over50msShare * 100, 2)} % of requests over 50 ms in the API, heap ${fixed(f.heapUsedMiB)} MiB`
        : `${name}: —`,
    )
    .join('; ');
}

/** Rows of the final table: period × API. */
export function runtimeRows(labels, byPeriod) {
  const rows = [];
  byPeriod.forEach((figures, index) => {
    for (const [name, f] of figures)
      rows.push(
        f
          ? [
              labels[index],
              name,
              fixed(f.gcMs),
              `${f.minorCount} / ${f.majorCount}`,
              fixed(f.majorMs),
              String(f.gcOver100ms),
              `${fixed(f.loopP99Ms, 1)} / ${fixed(f.loopMaxMs)}`,
              `${fixed(f.over50msShare * 100, 2)} %`,
              fixed(f.heapUsedMiB),
            ]
          : [labels[index], name, '—', '—', '—', '—', '—', '—', '—'],
      );
  });
  return rows;
}

export const RUNTIME_HEADER = [
  'period',
  'API',
  'GC ms',
  'minor / major',
  'major ms',
  'GC > 100 ms',
  'loop p99 / max ms',
  'over 50 ms in API',
  'heap MiB',
];
