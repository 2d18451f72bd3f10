// One measurement: autocannon against one server for a fixed time at a fixed number of
// connections, each request built on the fly (random id, fresh body). Latencies are taken
// from every response (float milliseconds, not the whole-millisecond histogram), so p50/p99
// are exact; req/s counts 2xx responses only, and anything else is reported as errors.

import autocannon from 'autocannon';

export async function measure({ url, connections, duration, headers, request }) {
  const latencies = [];
  const statuses = {};
  const instance = autocannon({
    url,
    connections,
    duration,
    pipelining: 1,
    headers,
    requests: [{ setupRequest: request }],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const at = (q) =>
    latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const seconds = result.duration; // measured by autocannon, in seconds
  const ok = latencies.length;
  return {
    requests: ok,
    rps: ok / seconds,
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: latencies.at(-1) ?? NaN,
    mean: ok === 0 ? NaN : latencies.reduce((sum, value) => sum + value, 0) / ok,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
    seconds,
    autocannon: {
      requestsAverage: result.requests.average,
      latencyP50: result.latency.p50,
      latencyP99: result.latency.p99,
    },
  };
}
