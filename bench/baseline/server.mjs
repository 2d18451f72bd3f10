// The floor: the fastest server a competent engineer would hand-write for this one `items`
// table with Fastify 5 and a pg Pool. Same URLs, bodies, status codes and response shapes as
// Stagecraft's records API; the bearer token is compared with one static token (no JWT, no
// session); anyone reads, the token's holder writes; one SQL statement per request, sent as a
// named prepared statement; a small filter language (`field op value` joined by `&&`), sort by
// one field plus the id tie-breaker, offset (with an exact count in the same statement) or
// keyset cursor, body validation by Fastify's JSON schemas.
//
// Environment: DATABASE_URL, PORT, DATABASE_POOL_SIZE, BENCH_TOKEN (the accepted bearer
// token), BENCH_USER_ID (whose records it creates).

import { Buffer } from 'node:buffer';
import { timingSafeEqual } from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';

const env = process.env;
const TOKEN = Buffer.from(`Bearer ${env.BENCH_TOKEN ?? ''}`);
const USER_ID = env.BENCH_USER_ID ?? null;
const PREFIX = '/api/v1/collections/items/records';
const COLUMNS = 'id, created_at, updated_at, created_by, version, title, price, qty, active, tags';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE ?? 10) });

/** One name per statement text: pg prepares it once per connection and then only binds. */
const statementNames = new Map();
function run(text, values) {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s${statementNames.size}`;
    statementNames.set(text, name);
  }
  return pool.query({ name, text, values });
}

/** The static token's holder, when the Authorization header is exactly `Bearer <BENCH_TOKEN>`. */
function signedIn(header) {
  if (header === undefined || header.length !== TOKEN.length) return false;
  return timingSafeEqual(Buffer.from(header), TOKEN);
}

function problem(reply, status, code, detail) {
  return reply
    .status(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title: code, status, code, detail });
}

// ---- records ----------------------------------------------------------------------------

function toRecord(row) {
  return {
    id: row.id,
    created_at: row.created_at,
    updated_at: row.updated_at,
    created_by: row.created_by,
    version: row.version,
    title: row.title,
    price: row.price === null ? null : Number(row.price),
    qty: row.qty,
    active: row.active,
    tags: row.tags,
  };
}

const etag = (record) => `"${record.version}"`;

/** Filterable and sortable fields and how a filter literal becomes a parameter. */
const FIELDS = {
  id: { sql: 'id', parse: (raw) => (UUID.test(unquote(raw)) ? unquote(raw) : undefined) },
  title: { sql: 'title', parse: (raw) => unquote(raw) },
  price: { sql: 'price', parse: (raw) => finite(Number(raw)) },
  qty: { sql: 'qty', parse: (raw) => (/^[+-]?\d+$/.test(raw) ? Number(raw) : undefined) },
  active: { sql: 'active', parse: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined) },
  created_at: { sql: 'created_at', parse: (raw) => unquote(raw) },
};
const OPERATORS = new Set(['=', '!=', '>', '>=', '<', '<=']);
const CONDITION = /^\s*([a-z_]+)\s*(!=|>=|<=|=|>|<)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s&|()]+)\s*$/;

function unquote(raw) {
  return /^["'].*["']$/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
}
function finite(value) {
  return Number.isFinite(value) ? value : undefined;
}

class BadRequest extends Error {}

/** `a > 1 && b = true` → SQL over bound parameters; `null` literals become IS [NOT] NULL. */
function compileFilter(filter, values) {
  if (filter === undefined || filter.trim() === '') return [];
  return filter.split('&&').map((part) => {
    const match = CONDITION.exec(part);
    const field = match && FIELDS[match[1]];
    if (!match || !field || !OPERATORS.has(match[2])) throw new BadRequest(`Invalid filter near "${part.trim()}"`);
    const [, , operator, raw] = match;
    if (raw === 'null') {
      if (operator === '=') return `${field.sql} IS NULL`;
      if (operator === '!=') return `${field.sql} IS NOT NULL`;
      throw new BadRequest(`null only compares with = or !=`);
    }
    const value = field.parse(raw);
    if (value === undefined) throw new BadRequest(`"${raw}" is not a valid ${match[1]}`);
    values.push(value);
    return `${field.sql} ${operator === '!=' ? '<>' : operator} $${values.length}`;
  });
}

function integer(raw, fallback, min, max, name) {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new BadRequest(`${name} out of range`);
  return Number(raw);
}

const encodeCursor = (values) => Buffer.from(JSON.stringify(values)).toString('base64url');
/** The sort-key values of the last record returned: [id] when sorting by id, else [key, id]. */
function decodeCursor(cursor, length) {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {
    // below
  }
  throw new BadRequest('The cursor is not valid for this query');
}

async function list(query) {
  const values = [];
  const conditions = compileFilter(query.filter, values);
  const sortRaw = query.sort ?? '';
  const descending = sortRaw.startsWith('-');
  const sortName = (descending ? sortRaw.slice(1) : sortRaw) || 'id';
  const sortField = FIELDS[sortName];
  if (!sortField) throw new BadRequest(`cannot sort by "${sortName}"`);
  const limit = integer(query.limit, 20, 1, 500, 'limit');
  const offset = integer(query.offset, 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
  const col = sortField.sql;
  const order = sortName === 'id' ? `id ASC` : `${col} ${descending ? 'DESC' : 'ASC'}, id ASC`;

  if (query.cursor !== undefined) {
    if (offset > 0) throw new BadRequest('use either cursor or offset, not both');
    const decoded = decodeCursor(query.cursor, sortName === 'id' ? 1 : 2);
    const [key, id] = sortName === 'id' ? [decoded[0], decoded[0]] : decoded;
    values.push(id);
    const idParam = `$${values.length}`;
    if (sortName === 'id') {
      conditions.push(`id > ${idParam}`);
    } else if (key === null) {
      // NULLs sort first descending and last ascending.
      conditions.push(
        descending
          ? `((${col} IS NULL AND id > ${idParam}) OR ${col} IS NOT NULL)`
          : `(${col} IS NULL AND id > ${idParam})`,
      );
    } else {
      values.push(key);
      const keyParam = `$${values.length}`;
      // The redundant bound on the sort key lets the index on it start at the cursor.
      conditions.push(
        descending
          ? `${col} <= ${keyParam} AND (${col} < ${keyParam} OR id > ${idParam})`
          : `(${col} >= ${keyParam} OR ${col} IS NULL) AND (${col} > ${keyParam} OR ${col} IS NULL OR id > ${idParam})`,
      );
    }
  }
  if (query.count !== undefined && query.count !== 'exact' && query.count !== 'none')
    throw new BadRequest('count must be exact or none');
  const counted = query.count === 'exact';
  // The limit is written into the text (checked above), as Stagecraft does, so the prepared
  // statement keeps one generic plan; the exact count comes with the page, in one statement.
  let sql = `SELECT ${COLUMNS}, ${col}::text AS sort_key${counted ? ', count(*) OVER () AS total' : ''} FROM data.items
    ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${limit}`;
  if (query.cursor === undefined && offset > 0) {
    values.push(offset);
    sql += ` OFFSET $${values.length}`;
  }
  const { rows } = await run(sql, values);
  const last = rows.at(-1);
  const nextCursor =
    last && rows.length === limit ? encodeCursor(sortName === 'id' ? [last.id] : [last.sort_key, last.id]) : null;
  return {
    data: rows.map(toRecord),
    meta: {
      limit,
      ...(query.cursor === undefined ? { offset } : { cursor: query.cursor }),
      nextCursor,
      ...(counted ? { total: rows.length > 0 ? Number(rows[0].total) : 0 } : {}),
    },
  };
}

// ---- server -----------------------------------------------------------------------------

const nullable = (schema) => ({ ...schema, type: [schema.type, 'null'] });
const itemProperties = {
  title: { type: 'string' },
  price: nullable({ type: 'number', exclusiveMinimum: -1e8, exclusiveMaximum: 1e8 }),
  qty: nullable({ type: 'integer', minimum: -2147483648, maximum: 2147483647 }),
  active: nullable({ type: 'boolean' }),
  tags: {},
};
const WRITABLE = Object.keys(itemProperties);

const app = Fastify({
  logger: false,
  ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
});

app.decorateRequest('principal', null);
app.addHook('onRequest', async (request, reply) => {
  const header = request.headers.authorization;
  if (header === undefined) return;
  if (!signedIn(header)) return problem(reply, 401, 'UNAUTHORIZED', 'The access token is not valid.');
  request.principal = { sub: USER_ID };
});

app.setErrorHandler((error, _request, reply) => {
  if (error instanceof BadRequest) return problem(reply, 400, 'VALIDATION_FAILED', error.message);
  if (error.validation) return problem(reply, 400, 'VALIDATION_FAILED', error.message);
  if (error.code === '22003' || error.code === '22P02') return problem(reply, 400, 'VALIDATION_FAILED', error.message);
  reply.log.error(error);
  return problem(reply, 500, 'INTERNAL', 'Something went wrong.');
});

app.get('/health/live', async () => ({ status: 'ok' }));

app.get(PREFIX, async (request) => list(request.query));

app.get(`${PREFIX}/:id`, async (request, reply) => {
  const { id } = request.params;
  if (!UUID.test(id)) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
  const { rows } = await run(`SELECT ${COLUMNS} FROM data.items WHERE id = $1`, [id]);
  if (!rows[0]) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
  const record = toRecord(rows[0]);
  void reply.header('etag', etag(record));
  return { data: record };
});

app.post(
  PREFIX,
  {
    schema: { body: { type: 'object', properties: itemProperties, required: ['title'], additionalProperties: false } },
  },
  async (request, reply) => {
    if (!request.principal) return problem(reply, 401, 'UNAUTHORIZED', 'Sign in to create records in "items".');
    const body = request.body;
    const names = WRITABLE.filter((name) => name in body);
    const values = [uuidv7(), request.principal.sub, ...names.map((name) => column(name, body[name]))];
    const { rows } = await run(
      `INSERT INTO data.items (id, created_by${names.map((name) => `, ${name}`).join('')})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING ${COLUMNS}`,
      values,
    );
    const record = toRecord(rows[0]);
    void reply.header('etag', etag(record)).status(201);
    return { data: record };
  },
);

app.patch(
  `${PREFIX}/:id`,
  { schema: { body: { type: 'object', properties: itemProperties, additionalProperties: false } } },
  async (request, reply) => {
    if (!request.principal) return problem(reply, 401, 'UNAUTHORIZED', 'Sign in to update records in "items".');
    const { id } = request.params;
    if (!UUID.test(id)) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
    const body = request.body;
    const names = WRITABLE.filter((name) => name in body);
    const values = [id, ...names.map((name) => column(name, body[name]))];
    const assignments = [
      ...names.map((name, i) => `${name} = $${i + 2}`),
      'version = version + 1',
      'updated_at = now()',
    ];
    const { rows } = await run(
      `UPDATE data.items SET ${assignments.join(', ')} WHERE id = $1 RETURNING ${COLUMNS}`,
      values,
    );
    if (!rows[0]) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
    const record = toRecord(rows[0]);
    void reply.header('etag', etag(record));
    return { data: record };
  },
);

app.delete(`${PREFIX}/:id`, async (request, reply) => {
  if (!request.principal) return problem(reply, 401, 'UNAUTHORIZED', 'Sign in to delete records in "items".');
  const { id } = request.params;
  if (!UUID.test(id)) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
  const { rowCount } = await run('DELETE FROM data.items WHERE id = $1', [id]);
  if (rowCount === 0) return problem(reply, 404, 'NOT_FOUND', `No record ${id} in "items".`);
  return reply.status(204).send();
});

/** jsonb parameters go as JSON text (pg would send a JS array as a PostgreSQL array). */
function column(name, value) {
  return name === 'tags' && value !== null ? JSON.stringify(value) : value;
}

const stop = () => {
  app.close().then(
    () => pool.end().then(() => process.exit(0)),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ port: Number(env.PORT ?? 8081), host: '127.0.0.1' });
