// Functions as before-write hooks, through real HTTP and real sandbox processes: a hook rejects
// a write with its own problem or changes the values written (checked again like the body);
// its failure or timeout rolls the write back; hooked writes to one collection are serialised,
// so an overlap check holds under concurrent requests; and triggers are checked when saved.

import { resolve } from 'node:path';
import pg from 'pg';
import {
  createTestEnvironment,
  ensureBuilt,
  httpClient,
  REPO_ROOT,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, expectProblem } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const FUNCTIONS = '/api/v1/functions';
const BOOKINGS = '/api/v1/collections/bookings/records';

/** Refuses a booking of a room that overlaps another, with a 409 naming the other booking. */
const NO_OVERLAP = `export default async (ctx) => {
  const booking = { ...(ctx.event.current ?? {}), ...ctx.event.record };
  const others = await ctx.records.list('bookings', {
    filter: \`room = "\${booking.room}" && starts < "\${booking.ends}" && ends > "\${booking.starts}"\`,
    limit: 1,
  });
  const clash = others.data.find((other) => other.id !== booking.id);
  if (clash) ctx.reject(\`\${booking.room} is already booked then\`, {
    status: 409,
    errors: [{ field: 'starts', code: 'overlap', message: 'overlaps booking ' + clash.id }],
  });
}`;

describe('before-write hooks', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let db: pg.Client;

  const count = async (table: string): Promise<number> =>
    Number((await db.query(`SELECT count(*) AS n FROM data."${table}"`)).rows[0].n);

  async function deploy(name: string, source: string, triggers: Record<string, unknown>, settings = {}) {
    const response = await http.post(FUNCTIONS, { name, source, triggers, settings }, { token: admin.token });
    if (response.status !== 201) throw new Error(`deploy ${name}: ${response.status} ${response.text}`);
  }
  const remove = async (name: string): Promise<void> => {
    expect((await http.delete(`${FUNCTIONS}/${name}`, { token: admin.token })).status).toBe(204);
  };
  const book = (room: string, starts: string, ends: string, token = user.token) =>
    http.post(BOOKINGS, { room, starts, ends }, { token });

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    api = await startApi(
      env.config({
        FUNCTIONS_SANDBOX_ENTRY: resolve(REPO_ROOT, 'dist/apps/functions-host/src/main.js'),
        // Short, so the spinning hook's test is quick; long enough for a hook's first run (a
        // new isolate) on a busy CI machine, which at 300 ms once ran out of time while throwing.
        FUNCTIONS_HOOK_TIMEOUT_MS: '1500',
        DATABASE_POOL_SIZE: '12',
      }),
    );
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    const anyone = '@request.auth.id != null';
    await createCollection(http, admin, {
      name: 'bookings',
      fields: [
        { name: 'room', type: 'text', options: { required: true } },
        { name: 'starts', type: 'datetime', options: { required: true } },
        { name: 'ends', type: 'datetime', options: { required: true } },
        { name: 'note', type: 'text' },
        { name: 'seats', type: 'number' },
      ],
      rules: { list: anyone, view: anyone, create: anyone, update: anyone, delete: anyone },
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await db?.end();
    await env?.dispose();
  });

  afterEach(async () => {
    await db.query('DELETE FROM data.bookings');
  });

  it('rejects an overlapping booking with the hook’s own 409 problem and writes nothing', async () => {
    await deploy('no-overlap', NO_OVERLAP, { before_write: [{ collection: 'bookings', on: ['create', 'update'] }] });
    try {
      expect((await book('blue', '2027-01-01T10:00:00Z', '2027-01-01T11:00:00Z')).status).toBe(201);
      expect((await book('blue', '2027-01-01T11:00:00Z', '2027-01-01T12:00:00Z')).status).toBe(201);
      expect((await book('green', '2027-01-01T10:30:00Z', '2027-01-01T11:30:00Z')).status).toBe(201);

      const clash = await book('blue', '2027-01-01T10:30:00Z', '2027-01-01T11:30:00Z');
      expectProblem(clash, 409, 'FUNCTION_REJECTED', 'starts');
      expect(clash.body.detail).toBe('blue is already booked then');
      expect(clash.body.invocation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(await count('bookings')).toBe(3);

      // An update is checked against the record as it would become.
      const green = (await http.get(`${BOOKINGS}?filter=room="green"`, { token: user.token })).body.data[0];
      const moved = await http.patch(`${BOOKINGS}/${green.id}`, { room: 'blue' }, { token: user.token });
      expectProblem(moved, 409, 'FUNCTION_REJECTED');
      expect((await http.get(`${BOOKINGS}/${green.id}`, { token: user.token })).body.data.room).toBe('green');

      const invocations = await http.get(`${FUNCTIONS}/no-overlap/invocations?outcome=rejected`, {
        token: admin.token,
      });
      expect(invocations.body.data).toHaveLength(2);
      expect(invocations.body.data[0]).toMatchObject({ trigger: 'before_write', outcome: 'rejected', status: 409 });
      expect(invocations.body.data[1].error).toEqual({ name: 'Rejection', message: 'blue is already booked then' });
    } finally {
      await remove('no-overlap');
    }
  });

  it('serialises hooked writes, so concurrent overlapping bookings let exactly one through', async () => {
    await deploy('no-overlap-race', NO_OVERLAP, { before_write: [{ collection: 'bookings', on: ['create'] }] });
    try {
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => book('red', '2027-02-01T09:00:00Z', '2027-02-01T10:00:00Z')),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
      expect(await count('bookings')).toBe(1);
    } finally {
      await remove('no-overlap-race');
    }
  });

  it('writes the values a hook returns, checked like the body, and shows it the caller and the stored record', async () => {
    await deploy(
      'normalise',
      `export default async (ctx) => {
        if (ctx.event.type === 'before_update') return { note: 'was ' + ctx.event.current.note + ' by ' + ctx.caller.id };
        return { room: ctx.event.record.room.trim().toLowerCase(), note: ctx.event.type };
      }`,
      { before_write: [{ collection: 'bookings', on: ['create', 'update'] }] },
    );
    try {
      const created = await book('  Blue ', '2027-03-01T09:00:00Z', '2027-03-01T10:00:00Z');
      expect(created.status).toBe(201);
      expect(created.body.data).toMatchObject({ room: 'blue', note: 'before_create' });
      const updated = await http.patch(`${BOOKINGS}/${created.body.data.id}`, { seats: 4 }, { token: user.token });
      expect(updated.status).toBe(200);
      expect(updated.body.data).toMatchObject({ seats: 4, note: `was before_create by ${user.user.id}` });
    } finally {
      await remove('normalise');
    }
  });

  it('answers 400 and writes nothing when a hook returns values the collection does not accept', async () => {
    await deploy('bad-values', `export default async () => ({ seats: 'many', unknown_field: 1 })`, {
      before_write: [{ collection: 'bookings', on: ['create'] }],
    });
    try {
      const response = await book('blue', '2027-04-01T09:00:00Z', '2027-04-01T10:00:00Z');
      expectProblem(response, 400, 'VALIDATION_FAILED', 'seats');
      expect(await count('bookings')).toBe(0);
    } finally {
      await remove('bad-values');
    }
  });

  it('rolls the write back with 504 when a hook runs out of its budget, and 502 when it throws', async () => {
    const created = await book('blue', '2027-05-01T09:00:00Z', '2027-05-01T10:00:00Z');
    await deploy('spin', 'export default async () => { while (true) {} }', {
      before_write: [{ collection: 'bookings', on: ['update'] }],
    });
    try {
      const started = Date.now();
      const timedOut = await http.patch(`${BOOKINGS}/${created.body.data.id}`, { note: 'x' }, { token: user.token });
      expectProblem(timedOut, 504, 'FUNCTION_TIMEOUT');
      expect(timedOut.body.detail).toMatch(/before-write hook "spin" of "bookings" ran out of time/);
      // FUNCTIONS_HOOK_TIMEOUT_MS (1.5 s here), not the function's own 5 s.
      expect(Date.now() - started).toBeLessThan(4000);
      expect((await db.query('SELECT note, version FROM data.bookings')).rows).toEqual([{ note: null, version: 1 }]);
    } finally {
      await remove('spin');
    }
    await deploy('thrower', "export default async () => { throw new Error('no') }", {
      before_write: [{ collection: 'bookings', on: ['create', 'delete'] }],
    });
    try {
      expectProblem(await book('blue', '2027-05-02T09:00:00Z', '2027-05-02T10:00:00Z'), 502, 'FUNCTION_FAILED');
      expectProblem(
        await http.delete(`${BOOKINGS}/${created.body.data.id}`, { token: user.token }),
        502,
        'FUNCTION_FAILED',
      );
      expect(await count('bookings')).toBe(1);
    } finally {
      await remove('thrower');
    }
  });

  it('lets a delete hook refuse a delete, and refuses bulk changes on hooked collections', async () => {
    const created = await book('blue', '2027-06-01T09:00:00Z', '2027-06-01T10:00:00Z');
    await deploy(
      'keep-confirmed',
      `export default async (ctx) => { if (ctx.event.current.note === 'confirmed') ctx.reject('confirmed bookings stay') }`,
      { before_write: [{ collection: 'bookings', on: ['delete', 'update'] }] },
    );
    try {
      expect(
        (await http.patch(`${BOOKINGS}/${created.body.data.id}`, { note: 'confirmed' }, { token: user.token })).status,
      ).toBe(200);
      const refused = await http.delete(`${BOOKINGS}/${created.body.data.id}`, { token: user.token });
      expectProblem(refused, 400, 'FUNCTION_REJECTED');
      expect(refused.body.detail).toBe('confirmed bookings stay');
      expect(await count('bookings')).toBe(1);
      expectProblem(
        await http.patch(`${BOOKINGS}?filter=room="blue"`, { note: 'x' }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'filter',
      );
      expectProblem(
        await http.delete(`${BOOKINGS}?filter=room="blue"`, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'filter',
      );
      // A record the caller may not see runs no hook: 404 as without one.
      const missing = await http.delete(`${BOOKINGS}/0190d8d0-0000-7000-8000-000000000000`, { token: user.token });
      expectProblem(missing, 404, 'NOT_FOUND');
    } finally {
      await remove('keep-confirmed');
    }
    expect((await http.delete(`${BOOKINGS}/${created.body.data.id}`, { token: user.token })).status).toBe(204);
  });

  it('refuses a hook’s write to the collection it guards at once, instead of waiting on itself', async () => {
    await deploy(
      'self-writer',
      `export default async (ctx) => {
        try { await ctx.records.create('bookings', ctx.event.record) } catch (error) { ctx.reject(error.message) }
      }`,
      { before_write: [{ collection: 'bookings', on: ['create'] }] },
      { run_as_admin: true },
    );
    try {
      const response = await book('blue', '2027-07-01T09:00:00Z', '2027-07-01T10:00:00Z');
      expectProblem(response, 400, 'FUNCTION_REJECTED');
      expect(response.body.detail).toMatch(/cannot write to "bookings", the collection it guards/);
      expect(await count('bookings')).toBe(0);
    } finally {
      await remove('self-writer');
    }
  });

  it('writes without hooks again as soon as the hook is deleted', async () => {
    await deploy('refuse-all', "export default async (ctx) => ctx.reject('closed')", {
      before_write: [{ collection: 'bookings', on: ['create'] }],
    });
    expectProblem(await book('blue', '2027-08-01T09:00:00Z', '2027-08-01T10:00:00Z'), 400, 'FUNCTION_REJECTED');
    await remove('refuse-all');
    expect((await book('blue', '2027-08-01T09:00:00Z', '2027-08-01T10:00:00Z')).status).toBe(201);
  });

  describe('checking triggers when saved', () => {
    it.each([
      [
        'an unknown collection',
        { before_write: [{ collection: 'nope', on: ['create'] }] },
        'triggers.before_write[0].collection',
      ],
      ['no actions', { before_write: [{ collection: 'bookings', on: [] }] }, 'triggers.before_write[0].on'],
      ['an unknown action', { events: [{ collection: 'bookings', on: ['read'] }] }, 'triggers.events.0.on'],
      [
        'a condition naming no field',
        { events: [{ collection: 'bookings', on: ['create'], condition: 'colour = "red"' }] },
        'triggers.events[0].condition',
      ],
      ['a bad cron pattern', { schedule: { cron: '61 * * * *' } }, 'triggers.schedule.cron'],
      ['a cron pattern of three fields', { schedule: { cron: '* * *' } }, 'triggers.schedule.cron'],
      [
        'an unknown time zone',
        { schedule: { cron: '0 3 * * *', timezone: 'Mars/Olympus' } },
        'triggers.schedule.timezone',
      ],
    ])('answers 400 for %s and saves nothing', async (_label, triggers, field) => {
      const response = await http.post(
        FUNCTIONS,
        { name: 'invalid-trigger', source: 'export default () => 1', triggers },
        { token: admin.token },
      );
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
      expect((await http.get(`${FUNCTIONS}/invalid-trigger`, { token: admin.token })).status).toBe(404);
    });

    it('stores triggers in a stable form and shows them back', async () => {
      await deploy('all-triggers', 'export default () => 1', {
        events: [{ collection: 'bookings', on: ['delete', 'create', 'create'], condition: '' }],
        before_write: [{ collection: 'bookings', on: ['update'] }],
        schedule: { cron: ' 0 3 * * * ', timezone: 'Europe/Paris' },
      });
      try {
        const fn = await http.get(`${FUNCTIONS}/all-triggers`, { token: admin.token });
        expect(fn.body.triggers).toEqual({
          events: [{ collection: 'bookings', on: ['create', 'delete'], condition: null }],
          before_write: [{ collection: 'bookings', on: ['update'] }],
          schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
        });
      } finally {
        await remove('all-triggers');
      }
    });
  });
});
