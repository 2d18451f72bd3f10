// `npm run bench:graphql`: GraphQL beside REST, against one built API process on a throw-away
// database, loopback only, bounded in time.
//
// Data: `authors` (10), `posts` (200, each with an author) and `comments` (5 per post, each with
// an author), every rule open. Then, with wrk (2 threads, BENCH_CONNECTIONS (16) connections,
// BENCH_DURATION (8) s each, after a 2 s warm-up), alternated, 2 rounds each:
// 1. a get by id: GraphQL `posts_by_id` against REST GET /records/{id}, the same fields
//    (target ≥ 0.8× REST's req/s);
// 2. a filtered, sorted list of 20: GraphQL `posts(filter, sort, limit)` against REST's list
//    with the same parameters (target ≥ 0.8×);
// 3. a 3-level nested query, posts → author, comments → author, over 20 posts, against REST's
//    plain list of 20 posts (target ≥ 0.5×), and its SQL statements per operation from /metrics
//    (target 1–3).
// 4. Schema build: BENCH_SCHEMA_COLLECTIONS (200) collections are created, each with eight
//    fields and a relation to the one before; the next request builds the GraphQL schema, whose
//    time is read from /metrics. Four more versions (a description changed) give five builds,
//    and their median is the figure (target ≤ 50 ms): the first build runs on cold code.
// Prints PASS/MISS and writes bench/results/graphql-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL, REDIS_URL, BENCH_DURATION, BENCH_CONNECTIONS,
// BENCH_SCHEMA_COLLECTIONS, BENCH_PHASES (get,list,nested,schema: some of them, to profile one),
// BENCH_API_NODE_OPTIONS, BENCH_API_NODE_ARGS.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import {
  ADMIN_EMAIL,
  BENCH_SECRETS,
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  PASSWORD,
  prepareRun,
  writeResults,
} from './lib/harness.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { measureWrk } from './lib/wrk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCRIPT = resolve(ROOT, 'bench/wrk/request.lua');
const env = process.env;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  duration: Number(env.BENCH_DURATION ?? 8),
  connections: Number(env.BENCH_CONNECTIONS ?? 16),
  schemaCollections: Number(env.BENCH_SCHEMA_COLLECTIONS ?? 200),
  phases: (env.BENCH_PHASES ?? 'get,list,nested,schema').split(','),
};
const BUILD_ROUNDS = 5;
const TARGETS = { sameShapeRatio: 0.8, nestedRatio: 0.5, nestedStatements: 3, schemaBuildMs: 50 };
const OPEN = { list: '', view: '', create: '', update: '', delete: '' };
const POST_FIELDS = 'id created_at updated_at created_by version title body rank published author_id';

const collections = [
  {
    name: 'authors',
    rules: OPEN,
    fields: [
      { name: 'name', type: 'text', options: { required: true } },
      { name: 'bio', type: 'long_text' },
    ],
  },
  {
    name: 'posts',
    rules: OPEN,
    fields: [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'body', type: 'long_text' },
      { name: 'rank', type: 'integer', options: { indexed: true } },
      { name: 'published', type: 'boolean' },
      { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
    ],
  },
  {
    name: 'comments',
    rules: OPEN,
    fields: [
      { name: 'body', type: 'text' },
      { name: 'post', type: 'relation', options: { kind: 'many_to_one', target: 'posts', onDelete: 'cascade' } },
      { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
    ],
  },
];

async function seed(url, token) {
  for (const collection of collections) {
    await expectStatus(call(url, 'POST', '/api/v1/collections', { token, body: collection }), 201, collection.name);
  }
  await expectStatus(
    call(url, 'POST', '/api/v1/collections/posts/fields', {
      token,
      body: { name: 'comments', type: 'relation', options: { kind: 'one_to_many', target: 'comments', via: 'post' } },
    }),
    201,
    'posts.comments',
  );
  const records = (name, body) => call(url, 'POST', `/api/v1/collections/${name}/records`, { token, body });
  const authors = await expectStatus(
    records(
      'authors',
      Array.from({ length: 10 }, (_, i) => ({ name: `author ${i}`, bio: 'x'.repeat(200) })),
    ),
    201,
    'authors',
  );
  const authorIds = authors.data.map((author) => author.id);
  const postIds = [];
  for (let batch = 0; batch < 4; batch += 1) {
    const posts = await expectStatus(
      records(
        'posts',
        Array.from({ length: 50 }, (_, i) => {
          const n = batch * 50 + i;
          return {
            title: `post ${n}`,
            body: 'y'.repeat(500),
            rank: n,
            published: n % 2 === 0,
            author: authorIds[n % 10],
          };
        }),
      ),
      201,
      'posts',
    );
    postIds.push(...posts.data.map((post) => post.id));
  }
  for (let batch = 0; batch < 10; batch += 1) {
    await expectStatus(
      records(
        'comments',
        postIds
          .slice(batch * 20, batch * 20 + 20)
          .flatMap((post, i) =>
            Array.from({ length: 5 }, (_, c) => ({ body: `comment ${c}`, post, author: authorIds[(i + c) % 10] })),
          ),
      ),
      201,
      'comments',
    );
  }
  return postIds;
}

const graphqlBody = (query, variables = {}) => JSON.stringify({ query, variables });

function measure(url, apiPid, request) {
  return measureWrk({
    url,
    connections: config.connections,
    threads: 2,
    duration: config.duration,
    env: {
      BENCH_METHOD: request.method,
      BENCH_PATH: request.path,
      BENCH_BODY: request.body ?? '',
    },
    serverPid: apiPid,
    script: SCRIPT,
  });
}

/** Alternates two requests, 2 rounds each, after a warm-up of both. */
async function sideBySide(url, apiPid, label, graphql, rest) {
  for (const request of [graphql, rest]) {
    await measureWrk({
      url,
      connections: config.connections,
      threads: 2,
      duration: 2,
      env: { BENCH_METHOD: request.method, BENCH_PATH: request.path, BENCH_BODY: request.body ?? '' },
      serverPid: apiPid,
      script: SCRIPT,
    });
  }
  const rounds = [];
  for (let round = 1; round <= 2; round += 1) {
    const g = await measure(url, apiPid, graphql);
    const r = await measure(url, apiPid, rest);
    if (g.non2xx > 0 || r.non2xx > 0) throw new Error(`${label}: ${g.non2xx} / ${r.non2xx} answers were not 2xx`);
    rounds.push({ graphql: g, rest: r, ratio: g.rps / r.rps });
    log(
      `${label}, round ${round}: GraphQL ${g.rps.toFixed(0)} req/s (p99 ${g.p99.toFixed(1)} ms, ` +
        `${g.serverCpuMsPerRequest.toFixed(2)} ms CPU), REST ${r.rps.toFixed(0)} req/s (p99 ${r.p99.toFixed(1)} ms, ` +
        `${r.serverCpuMsPerRequest.toFixed(2)} ms CPU): ${(g.rps / r.rps).toFixed(2)}×`,
    );
  }
  return { rounds, worst: Math.min(...rounds.map((round) => round.ratio)) };
}

async function metric(url, name) {
  const text = await (await globalThis.fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} ([0-9.e+-]+)`, 'm').exec(text)?.[1] ?? 0);
}

/** Statements per operation of `body`, run `times` times, from the /metrics histogram. */
async function statementsPerOperation(url, body, times = 10) {
  const [sumBefore, countBefore] = [
    await metric(url, 'stagecraft_graphql_statements_sum'),
    await metric(url, 'stagecraft_graphql_statements_count'),
  ];
  for (let i = 0; i < times; i += 1) {
    const answer = await call(url, 'POST', '/api/v1/graphql', { raw: body, contentType: 'application/json' });
    if (answer.status !== 200 || answer.body?.errors) throw new Error(`the nested query failed: ${answer.text}`);
  }
  const sum = (await metric(url, 'stagecraft_graphql_statements_sum')) - sumBefore;
  const count = (await metric(url, 'stagecraft_graphql_statements_count')) - countBefore;
  return sum / count;
}

async function schemaBuild(url, token) {
  log(`creating ${config.schemaCollections} collections`);
  for (let i = 0; i < config.schemaCollections; i += 1) {
    const fields = [
      { name: 'title', type: 'text', options: { required: true } },
      { name: 'summary', type: 'long_text' },
      { name: 'quantity', type: 'integer' },
      { name: 'price', type: 'number' },
      { name: 'active', type: 'boolean' },
      { name: 'published_at', type: 'datetime' },
      { name: 'status', type: 'select', options: { values: ['draft', 'published'] } },
      ...(i > 0
        ? [
            {
              name: 'parent',
              type: 'relation',
              options: { kind: 'many_to_one', target: `s${i - 1}`, onDelete: 'set_null' },
            },
          ]
        : [{ name: 'data', type: 'json' }]),
    ];
    await expectStatus(
      call(url, 'POST', '/api/v1/collections', { token, body: { name: `s${i}`, rules: OPEN, fields } }),
      201,
      `collection s${i}`,
    );
  }
  // One build is one sample of a few tens of milliseconds, at the mercy of a garbage collection:
  // the figure is the median of BUILD_ROUNDS builds, each of a new schema version.
  const times = [];
  for (let round = 1; round <= BUILD_ROUNDS; round += 1) {
    if (round > 1) {
      await expectStatus(
        call(url, 'PATCH', '/api/v1/collections/s0', { token, body: { description: `round ${round}` } }),
        200,
        'a new schema version',
      );
    }
    const [sumBefore, countBefore] = [
      await metric(url, 'stagecraft_graphql_schema_build_seconds_sum'),
      await metric(url, 'stagecraft_graphql_schema_build_seconds_count'),
    ];
    await expectStatus(
      call(url, 'POST', '/api/v1/graphql', { raw: graphqlBody('{ __typename }'), contentType: 'application/json' }),
      200,
      'the first query after the change',
    );
    const builds = (await metric(url, 'stagecraft_graphql_schema_build_seconds_count')) - countBefore;
    const seconds = (await metric(url, 'stagecraft_graphql_schema_build_seconds_sum')) - sumBefore;
    if (builds !== 1) throw new Error(`expected one schema build, saw ${builds}`);
    times.push(seconds * 1000);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { times, median: sorted[Math.floor(sorted.length / 2)] };
}

async function main() {
  const { database, redisPrefix } = await prepareRun(config);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = startNode('API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    nodeArgs: env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: 'production',
      NODE_OPTIONS: env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=16',
      DATABASE_URL: database.url,
      REDIS_URL: config.redisUrl,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      RATE_LIMIT_AUTH_PER_IP: '100000',
      ...BENCH_SECRETS,
    },
  });
  cleanups.push(() => api.stop());
  await waitUntilReady(api, `${url}/health/live`);
  const admin = await expectStatus(
    call(url, 'POST', '/api/v1/auth/setup', { body: { email: ADMIN_EMAIL, password: PASSWORD } }),
    201,
    'setup',
  );
  const postIds = await seed(url, admin.access_token);
  const id = postIds[37];
  const pid = api.child.pid;

  const skipped = { rounds: [], worst: Number.NaN };
  const get = !config.phases.includes('get')
    ? skipped
    : await sideBySide(
        url,
        pid,
        'get by id',
        {
          method: 'POST',
          path: '/api/v1/graphql',
          body: graphqlBody(`query ($id: UUID!) { posts_by_id(id: $id) { ${POST_FIELDS} } }`, { id }),
        },
        { method: 'GET', path: `/api/v1/collections/posts/records/${id}` },
      );
  const filter = 'rank >= 50 && published = true';
  const list = !config.phases.includes('list')
    ? skipped
    : await sideBySide(
        url,
        pid,
        'filtered list of 20',
        {
          method: 'POST',
          path: '/api/v1/graphql',
          body: graphqlBody(
            `query ($filter: String) { posts(filter: $filter, sort: "-rank", limit: 20) { items { ${POST_FIELDS} } } }`,
            { filter },
          ),
        },
        {
          method: 'GET',
          path: `/api/v1/collections/posts/records?filter=${encodeURIComponent(filter)}&sort=-rank&limit=20`,
        },
      );
  const nestedBody = graphqlBody(
    '{ posts(sort: "rank", limit: 20) { items { id title author { id name } comments { id body author { id name } } } } }',
  );
  const nested = !config.phases.includes('nested')
    ? skipped
    : await sideBySide(
        url,
        pid,
        'posts → author, comments → author, 20 posts (beside a plain list)',
        { method: 'POST', path: '/api/v1/graphql', body: nestedBody },
        { method: 'GET', path: '/api/v1/collections/posts/records?sort=rank&limit=20' },
      );
  const statements = await statementsPerOperation(url, nestedBody);
  log(`the nested query ran ${statements} SQL statements per operation`);
  const build = config.phases.includes('schema')
    ? await schemaBuild(url, admin.access_token)
    : { times: [], median: Number.NaN };
  const buildMs = build.median;
  log(
    `the GraphQL schema of ${config.schemaCollections + 3} collections built in ${buildMs.toFixed(1)} ms ` +
      `(median of ${build.times.map((ms) => ms.toFixed(1)).join(', ')})`,
  );

  const checks = [];
  const check = (ok, text) => checks.push(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  check(
    get.worst >= TARGETS.sameShapeRatio,
    `get by id ≥ ${TARGETS.sameShapeRatio}× REST (worst round ${get.worst.toFixed(2)}×)`,
  );
  check(
    list.worst >= TARGETS.sameShapeRatio,
    `filtered list ≥ ${TARGETS.sameShapeRatio}× REST (worst round ${list.worst.toFixed(2)}×)`,
  );
  check(
    nested.worst >= TARGETS.nestedRatio,
    `3-level nested ≥ ${TARGETS.nestedRatio}× the plain list (worst round ${nested.worst.toFixed(2)}×)`,
  );
  check(
    statements >= 1 && statements <= TARGETS.nestedStatements,
    `3-level nested in 1–${TARGETS.nestedStatements} statements (${statements})`,
  );
  check(
    buildMs <= TARGETS.schemaBuildMs,
    `schema of ${config.schemaCollections} collections built in ≤ ${TARGETS.schemaBuildMs} ms (median ${buildMs.toFixed(1)} ms)`,
  );
  console.log(`\n${checks.join('\n')}`);
  const out = writeResults('graphql', {
    settings: { ...config, adminUrl: undefined },
    get,
    list,
    nested,
    nestedStatements: statements,
    schemaBuildMs: buildMs,
    schemaBuildsMs: build.times,
    checks,
  });
  log(`results: ${out}`);
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
