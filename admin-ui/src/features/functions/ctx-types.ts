// What a function's `ctx` holds, as TypeScript would declare it: the console's completions and
// hover help are read from this description (the sandbox builds ctx in
// libs/functions/src/sandbox/host/ctx-bootstrap.ts; keep the two alike).

export type CtxMemberKind = 'property' | 'method' | 'object';

export interface CtxMember {
  name: string;
  kind: CtxMemberKind;
  /** Its type, or a method's signature, as TypeScript would print it. */
  type: string;
  doc: string;
  /** The members of an object (also of an optional one: `ctx.caller?.`). */
  members?: readonly CtxMember[];
}

const prop = (name: string, type: string, doc: string, members?: readonly CtxMember[]): CtxMember => ({
  name,
  kind: members ? 'object' : 'property',
  type,
  doc,
  ...(members ? { members } : {}),
});
const method = (name: string, signature: string, doc: string): CtxMember => ({
  name,
  kind: 'method',
  type: signature,
  doc,
});

const logMethod = (level: string): CtxMember =>
  method(level, `${level}(...values: unknown[]): void`, `Adds a ${level} line to the invocation's log.`);

export const CTX: CtxMember = prop('ctx', 'FunctionContext', 'What the function is called with.', [
  prop(
    'trigger',
    "'http' | 'event' | 'before_write' | 'schedule' | 'test'",
    'What started this run: its HTTP trigger, a record event, a write about to be made, its schedule, or the Test panel.',
  ),
  prop(
    'request',
    'FunctionRequest | null',
    'The HTTP request (also for tests); null for other triggers. Credentials are never included.',
    [
      prop('method', 'string', 'GET, POST, …'),
      prop('path', 'string', 'The path after /invoke, starting with "/".'),
      prop('query', 'Record<string, string | string[]>', 'Query parameters; a repeated one is an array.'),
      prop('headers', 'Record<string, string>', 'Request headers, lower-case names, without credentials.'),
      prop('body', 'unknown', 'The body: parsed JSON, a string, or null.'),
    ],
  ),
  prop(
    'event',
    'RecordEvent | BeforeWriteEvent | null',
    'Event runs: the committed change. Before-write runs: the write about to be made; return an object of ' +
      'field values to write those instead (merged over the body), or nothing to leave it. Null otherwise.',
    [
      prop('id', 'string', 'Event runs: the change’s id, the same on every try (ctx.idempotency_key).'),
      prop(
        'type',
        "'record.created' | 'record.updated' | 'record.deleted' | 'before_create' | 'before_update' | 'before_delete'",
        'Which change: record.* for event runs, before_* for before-write runs.',
      ),
      prop('timestamp', 'string', 'Event runs: when the change’s transaction began (ISO 8601).'),
      prop(
        'data',
        "{ collection: string; action: 'create' | 'update' | 'delete'; record_id: string; actor: string | null; record: RecordData | null; previous: RecordData | null }",
        'Event runs: the change.',
        [
          prop('collection', 'string', 'The collection the record is in.'),
          prop('action', "'create' | 'update' | 'delete'", 'What was done to the record.'),
          prop('record_id', 'string', 'The record’s id.'),
          prop('actor', 'string | null', 'user:<id>, api_key:<id> or anonymous; null when made outside the API.'),
          prop(
            'record',
            'RecordData | null',
            'The record after the change (create, update); hidden and secret fields left out.',
          ),
          prop(
            'previous',
            'RecordData | null',
            'The record before the change (update, delete); hidden and secret fields left out.',
          ),
        ],
      ),
      prop('collection', 'string', 'Before-write runs: the collection written to.'),
      prop(
        'record',
        'Record<string, unknown> | null',
        'Before-write runs: the values being written (null for a delete).',
      ),
      prop('current', 'RecordData | null', 'Before-write runs: the stored record (update, delete); null for a create.'),
    ],
  ),
  prop(
    'idempotency_key',
    'string | null',
    'Event runs: the change’s id, the same on every try, to make side effects happen once; null otherwise.',
  ),
  prop('attempt', 'number | null', 'Event runs: which try this is (1 first; retried with backoff); null otherwise.'),
  prop(
    'schedule',
    '{ cron: string; timezone: string | null; at: string } | null',
    'Scheduled runs: the tick; null otherwise.',
    [
      prop('cron', 'string', 'The pattern that fired.'),
      prop('timezone', 'string | null', 'The time zone it is read in; null: UTC.'),
      prop('at', 'string', 'The tick this run is for (ISO 8601).'),
    ],
  ),
  prop(
    'caller',
    "{ id: string; kind: 'user' | 'api_key'; role: 'admin' | 'user' } | null",
    'Who called; null when anonymous.',
    [
      prop('id', 'string', 'The user’s or API key’s id.'),
      prop('kind', "'user' | 'api_key'", 'A signed-in user or an API key.'),
      prop('role', "'admin' | 'user'", 'The caller’s role.'),
    ],
  ),
  prop('function', '{ name: string; version: number }', 'This function.', [
    prop('name', 'string', 'Its name.'),
    prop('version', 'number', 'The deployed version that is running.'),
  ]),
  prop('log', 'Logger', 'Lines kept with the invocation (also console.log).', [
    logMethod('debug'),
    logMethod('info'),
    logMethod('warn'),
    logMethod('error'),
  ]),
  prop(
    'records',
    'Records',
    'Records, with the caller’s rights (an admin’s with run_as_admin). A before-write run cannot write to the ' +
      'collection it guards.',
    [
      method(
        'list',
        'list(collection: string, query?: { filter?: string; sort?: string; fields?: string; expand?: string; limit?: number; offset?: number; count?: string }): Promise<{ data: RecordData[]; meta: ListMeta }>',
        'A page of records, as GET /collections/{collection}/records answers.',
      ),
      method(
        'get',
        'get(collection: string, id: string, options?: { fields?: string; expand?: string }): Promise<RecordData>',
        'One record; throws (status 404) when it is missing or not visible.',
      ),
      method(
        'create',
        'create(collection: string, data: Record<string, unknown>): Promise<RecordData>',
        'Creates a record; a refusal throws with `status`, `code` and `errors`.',
      ),
      method(
        'update',
        'update(collection: string, id: string, data: Record<string, unknown>): Promise<RecordData>',
        'Changes the fields given.',
      ),
      method('delete', 'delete(collection: string, id: string): Promise<null>', 'Deletes a record.'),
    ],
  ),
  prop('secrets', 'Secrets', 'The function secrets its settings list.', [
    method('get', 'get(name: string): Promise<string>', 'A secret’s value; throws unless settings.secrets lists it.'),
  ]),
  method(
    'fetch',
    'fetch(url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string>; body: string; url: string; redirected: boolean; ok: boolean; text(): Promise<string>; json(): Promise<unknown> }>',
    'An HTTP request to a host in settings.allowed_hosts.',
  ),
  method(
    'reject',
    'reject(message: string, options?: { status?: number; errors?: { field: string; message: string; code?: string }[] }): never',
    'Refuses the call or the write: it answers a 4xx problem FUNCTION_REJECTED (status 400 unless given) with ' +
      'these field errors. Throws, so nothing after it runs.',
  ),
]);
