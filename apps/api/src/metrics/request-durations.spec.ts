import { Registry } from 'prom-client';
import { RequestDurations } from './request-durations.js';

async function rendered(durations: RequestDurations): Promise<string[]> {
  const registry = new Registry();
  registry.registerMetric(durations.asMetric());
  return (await registry.metrics()).trim().split('\n');
}

describe('RequestDurations', () => {
  it('renders cumulative buckets, +Inf, sum and count per method, route and status', async () => {
    const durations = new RequestDurations();
    durations.observe('GET', '/items/:id', 200, 0.0004);
    durations.observe('GET', '/items/:id', 200, 0.003);
    durations.observe('GET', '/items/:id', 200, 0.003);
    durations.observe('GET', '/items/:id', 200, 7);
    durations.observe('POST', '/items', 201, 0.001);

    const lines = await rendered(durations);

    expect(lines.slice(0, 2)).toEqual([
      '# HELP http_request_duration_seconds HTTP request duration in seconds, by method, route pattern and status code',
      '# TYPE http_request_duration_seconds histogram',
    ]);
    const get = lines.filter((line) => line.includes('route="/items/:id"'));
    const bucket = (le: string) =>
      `http_request_duration_seconds_bucket{le="${le}",method="GET",route="/items/:id",status_code="200"}`;
    expect(get).toContain(`${bucket('0.001')} 1`);
    expect(get).toContain(`${bucket('0.0025')} 1`);
    expect(get).toContain(`${bucket('0.005')} 3`);
    expect(get).toContain(`${bucket('5')} 3`);
    expect(get).toContain(`${bucket('+Inf')} 4`);
    expect(get).toContain(
      'http_request_duration_seconds_sum{method="GET",route="/items/:id",status_code="200"} 7.0064',
    );
    expect(get).toContain('http_request_duration_seconds_count{method="GET",route="/items/:id",status_code="200"} 4');
    expect(get).toHaveLength(12 + 1 + 2);
    // A bound is inclusive: 1 ms falls in the 1 ms bucket.
    expect(lines).toContain(
      'http_request_duration_seconds_bucket{le="0.001",method="POST",route="/items",status_code="201"} 1',
    );
  });

  it('renders only its help and type before any request', async () => {
    expect(await rendered(new RequestDurations())).toHaveLength(2);
  });
});
