// SIGTERM on a busy worker: deliveries in flight finish (their receivers get an answer read and
// recorded), no new delivery starts, the process exits 0 within the bound, and what was left
// waiting goes out when a worker runs again.

import {
  createTestEnvironment,
  ensureBuilt,
  httpClient,
  waitFor,
  type HttpClient,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin, type TestSession } from '../../api/test/support/identity.js';
import { createCollection, recordsClient } from '../../api/test/support/records.js';
import { startApi, type RunningApi } from '../../api/test/support/running-apps.js';
import { startWorkerProcess } from './support/worker-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../api/test/support/webhook-receiver.js';

const RECORDS = 12;
const CONCURRENCY = 3;

describe('worker shutdown on SIGTERM', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;
  let worker: RunningProcess | undefined;
  const settings = { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', WEBHOOK_CONCURRENCY: String(CONCURRENCY) };

  const startWorker = (): Promise<RunningProcess> =>
    startWorkerProcess(env, { ...settings, SHUTDOWN_TIMEOUT_MS: '20000' });

  const deliveryStates = async (webhookId: string): Promise<string[]> => {
    const response = await http.get(`/api/v1/webhooks/${webhookId}/deliveries?limit=100`, { token: admin.token });
    return (response.body.data as { state: string }[]).map((delivery) => delivery.state);
  };

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    receiver = await startWebhookReceiver();
    api = await startApi(env.config(settings));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'parcels', fields: [{ name: 'label', type: 'text' }] });
  });

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    await api?.close();
    await receiver?.close();
    await env?.dispose();
  });

  it('finishes deliveries in flight, starts none after SIGTERM, exits 0; the rest go out on the next start', async () => {
    const created = await http.post(
      '/api/v1/webhooks',
      { name: 'slow', url: receiver.url, collections: ['parcels'] },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    const webhookId = created.body.id as string;
    receiver.respondWith({ status: 200, delayMs: 1500 });
    worker = await startWorker();
    await recordsClient(http, 'parcels').insertMany(
      Array.from({ length: RECORDS }, (_, index) => ({ label: `parcel ${index}` })),
      admin.token,
    );
    await waitFor(
      () => Promise.resolve(receiver.requests.length),
      (count) => count === CONCURRENCY,
      { what: 'a full set of deliveries in flight', timeoutMs: 20_000 },
    );

    const stopping = worker.stop('SIGTERM');
    const signalledAt = Date.now();
    expect(await stopping).toBe(0);
    worker = undefined;

    // Each delivery that had started got its answer; none started after the signal.
    const inFlight = receiver.requests.filter((request) => request.receivedAt < signalledAt);
    expect(inFlight.length).toBeGreaterThanOrEqual(CONCURRENCY);
    expect(inFlight.every((request) => request.answered)).toBe(true);
    expect(receiver.requests.filter((request) => request.receivedAt >= signalledAt + 100)).toEqual([]);
    const states = await deliveryStates(webhookId);
    expect(states.filter((state) => state === 'succeeded')).toHaveLength(receiver.requests.length);
    expect(receiver.requests.length).toBeLessThan(RECORDS);

    receiver.respondWith({ status: 200 });
    worker = await startWorker();
    await waitFor(
      () => deliveryStates(webhookId),
      (found) => found.length === RECORDS && found.every((state) => state === 'succeeded'),
      { what: 'every delivery succeeded after the restart', timeoutMs: 30_000 },
    );
    expect(new Set(receiver.requests.map((request) => request.json.data.record_id)).size).toBe(RECORDS);
  }, 90_000);
});
