// One-line helpers for the records specs: create a collection through the admin API, call the
// records endpoints with a query string built safely, assert on problems, and read the data
// schema directly with `pg` to prove a refused request changed nothing.

import pg from 'pg';
import type { HttpClient, HttpResult } from '@stagecraft/testing';
import type { TestSession } from './identity.js';

export const PROBLEM = 'application/problem+json; charset=utf-8';

export interface FieldInput {
  name: string;
  type: string;
  options?: Record<string, unknown>;
}

export interface Rules {
  list?: string | null;
  view?: string | null;
  create?: string | null;
  update?: string | null;
  delete?: string | null;
}

export interface CollectionInput {
  name: string;
  rules?: Rules;
  fields?: FieldInput[];
  cache?: { ttl: number } | null;
}

/** Every rule `""` (anyone): for collections whose access is not what a test is about. */
export const OPEN_RULES: Required<Rules> = { list: '', view: '', create: '', update: '', delete: '' };

export const recordsPath = (collection: string, id?: string): string =>
  `/api/v1/collections/${encodeURIComponent(collection)}/records${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

/** `?a=1&b=2` with every value URL-encoded; undefined values are left out. */
export function queryString(params: Readonly<Record<string, string | number | undefined>> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/** Creates a collection through the admin API; fails the test on anything but 201. */
export async function createCollection(
  http: HttpClient,
  admin: TestSession,
  input: CollectionInput,
): Promise<{ id: string; name: string }> {
  const response = await http.post('/api/v1/collections', input, { token: admin.token });
  if (response.status !== 201) throw new Error(`create collection ${input.name}: ${response.status} ${response.text}`);
  return response.body.data;
}

export type Token = string | undefined;

/** The records endpoints of one collection. */
export interface RecordsClient {
  list(params?: Readonly<Record<string, string | number | undefined>>, token?: Token): Promise<HttpResult>;
  get(id: string, token?: Token, params?: Readonly<Record<string, string | undefined>>): Promise<HttpResult>;
  create(body: unknown, token?: Token): Promise<HttpResult>;
  patch(id: string, body: unknown, token?: Token, headers?: Record<string, string>): Promise<HttpResult>;
  put(id: string, body: unknown, token?: Token, headers?: Record<string, string>): Promise<HttpResult>;
  delete(id: string, token?: Token, headers?: Record<string, string>): Promise<HttpResult>;
  bulkUpdate(filter: string | undefined, body: unknown, token?: Token): Promise<HttpResult>;
  bulkDelete(filter: string | undefined, token?: Token): Promise<HttpResult>;
  /** Creates and returns the record, failing the test on anything but 201. */
  insert(body: Record<string, unknown>, token?: Token): Promise<Record<string, unknown> & { id: string }>;
  /** Creates many in one array request, failing the test on anything but 201. */
  insertMany(bodies: Record<string, unknown>[], token?: Token): Promise<(Record<string, unknown> & { id: string })[]>;
}

export function recordsClient(http: HttpClient, collection: string): RecordsClient {
  const path = (id?: string) => recordsPath(collection, id);
  const create = (body: unknown, token?: Token) => http.post(path(), body, { token });
  return {
    list: (params, token) => http.get(`${path()}${queryString(params)}`, { token }),
    get: (id, token, params) => http.get(`${path(id)}${queryString(params)}`, { token }),
    create,
    patch: (id, body, token, headers) => http.patch(path(id), body, { token, headers }),
    put: (id, body, token, headers) => http.put(path(id), body, { token, headers }),
    delete: (id, token, headers) => http.delete(path(id), { token, headers }),
    bulkUpdate: (filter, body, token) => http.patch(`${path()}${queryString({ filter })}`, body, { token }),
    bulkDelete: (filter, token) => http.delete(`${path()}${queryString({ filter })}`, { token }),
    insert: async (body, token) => {
      const response = await create(body, token);
      if (response.status !== 201) throw new Error(`create in ${collection}: ${response.status} ${response.text}`);
      return response.body.data;
    },
    insertMany: async (bodies, token) => {
      const response = await create(bodies, token);
      if (response.status !== 201) throw new Error(`create in ${collection}: ${response.status} ${response.text}`);
      return response.body.data;
    },
  };
}

/** A problem+json answer with this status and code, naming `field` among its errors when given. */
export function expectProblem(response: HttpResult, status: number, code: string, field?: string): void {
  expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });
  expect(response.headers.get('content-type')).toBe(PROBLEM);
  if (field !== undefined)
    expect(response.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
}

/** Direct reads of the `data` schema: the ground truth behind "nothing changed". */
export interface DataDb {
  readonly client: pg.Client;
  tableExists(table: string): Promise<boolean>;
  count(table: string): Promise<number>;
  /** Every row of the table as PostgreSQL holds it, ordered by id. */
  rows(table: string): Promise<Record<string, unknown>[]>;
  row(table: string, id: string): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

const relation = (table: string) => `"data"."${table.replaceAll('"', '""')}"`;

export async function openDataDb(databaseUrl: string): Promise<DataDb> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    client,
    tableExists: async (table) => {
      const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1) AS found', [
        relation(table),
      ]);
      return rows[0]?.found != null;
    },
    count: async (table) => {
      const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${relation(table)}`);
      return rows[0]?.n ?? 0;
    },
    rows: async (table) => (await client.query(`SELECT * FROM ${relation(table)} ORDER BY id`)).rows,
    row: async (table, id) => (await client.query(`SELECT * FROM ${relation(table)} WHERE id = $1`, [id])).rows[0],
    close: () => client.end(),
  };
}
