import { createTestEnvironment, httpClient } from '@stagecraft/testing';
import { startApi } from './support/running-apps.js';
import { registerUser, setupAdmin } from './support/identity.js';
import { createCollection, recordsClient, OPEN_RULES, recordsPath } from './support/records.js';

it('explore', async () => {
  const env = await createTestEnvironment();
  const api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
  const http = httpClient(api.url);
  try {
    const admin = await setupAdmin(http);
    const user = await registerUser(http);
    await createCollection(http, admin, { name: 'labels', rules: OPEN_RULES, fields: [{ name: 'name', type: 'text' }] });
    await createCollection(http, admin, { name: 'things', rules: { ...OPEN_RULES, create: '@request.auth.id != null' }, fields: [
      { name: 'title', type: 'text', options: { maxLength: 40 } },
      { name: 'rank', type: 'integer' },
      { name: 'data', type: 'json' },
      { name: 'labels', type: 'relation', options: { kind: 'many_to_many', target: 'labels' } },
    ]});
    const r = recordsClient(http, 'things');
    const out = [];
    out.push(await r.create({ title: 'a', rank: 1 }, user.token));
    out.push(await r.create({ title: 'a' }));
    out.push(await r.create({ title: 'a\u0000b' }, user.token));
    out.push(await r.create({ data: { k: 'a\u0000b' } }, user.token));
    out.push(await r.create({ labels: ['0190a6b8-0000-7000-8000-000000000000'] }, user.token));
    out.push(await http.request('POST', recordsPath('things'), { raw: '{"__proto__": {"admin": true}, "title": "p"}', token: user.token }));
    out.push(await http.request('POST', recordsPath('things'), { raw: '{"constructor": {"prototype": {"admin": true}}, "title": "p"}', token: user.token }));
    out.push(await http.request('POST', recordsPath('things'), { raw: '{"data": {"__proto__": {"admin": true}}}', token: user.token }));
    out.push(await http.get(`${recordsPath('things')}?sort=rank&sort=-rank`));
    out.push(await http.get(`${recordsPath('things')}?filter=rank%3D1&filter=rank%3D2`));
    out.push(await http.get(`${recordsPath('things')}?fields=rank&fields=title`));
    out.push(await r.list({ cursor: Buffer.from(JSON.stringify(['nope'])).toString('base64url') }));
    out.push(await r.list({ sort: 'rank', cursor: Buffer.from(JSON.stringify(['abc', 'nope'])).toString('base64url') }));
    out.push(await r.list({ sort: 'rank', cursor: Buffer.from(JSON.stringify([{a:1}, null])).toString('base64url') }));
    out.push(await r.list({ expand: 'nope' }));
    out.push(await r.list({ filter: 'id = "x"' }));
    out.push(await r.bulkUpdate('id != null', { rank: 'x' }));
    for (const o of out) console.log(o.status, JSON.stringify(o.body));
  } finally {
    await api.close();
    await env.dispose();
  }
});
