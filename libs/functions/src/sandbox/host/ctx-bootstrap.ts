// The code that builds `ctx` inside an isolate, for each invocation in a fresh context. It is
// handed a reference to the host's `ctx` call (answered by the invoking process), a log
// callback and the invocation's input, and returns the function that runs a handler with the
// frozen `ctx` and answers its outcome as JSON. Nothing else from the host is reachable: both
// are captured here, never left on the global object.

import { HIDDEN_GC } from './idle-collection.js';

export const CTX_BOOTSTRAP = `(function (call, log, input) {
  'use strict';
  // V8 put the host's garbage collector here (idle-collection.ts); user code never sees it.
  globalThis.${HIDDEN_GC} = undefined;
  const freeze = Object.freeze;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const invoke = (op, args) =>
    call
      .apply(undefined, [op, stringify(args)], { arguments: { copy: true }, result: { promise: true, copy: true } })
      .then((text) => {
        const outcome = parse(text);
        if (outcome.ok) return outcome.value;
        const error = new Error(outcome.error.message);
        if (outcome.error.status !== undefined) error.status = outcome.error.status;
        if (outcome.error.code !== undefined) error.code = outcome.error.code;
        if (outcome.error.errors !== undefined) error.errors = outcome.error.errors;
        throw error;
      });
  const show = (value) => {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack || String(value);
    try {
      const text = stringify(value);
      return text === undefined ? String(value) : text;
    } catch {
      return String(value);
    }
  };
  const logger = (level) => (...values) => log(level, values.map(show).join(' '));
  const logs = freeze({ debug: logger('debug'), info: logger('info'), warn: logger('warn'), error: logger('error') });
  const records = freeze({
    list: (collection, query) => invoke('records.list', [collection, query ?? {}]),
    get: (collection, id, query) => invoke('records.get', [collection, id, query ?? {}]),
    create: (collection, data) => invoke('records.create', [collection, data]),
    update: (collection, id, data) => invoke('records.update', [collection, id, data]),
    delete: (collection, id) => invoke('records.delete', [collection, id]),
  });
  const secrets = freeze({ get: (name) => invoke('secrets.get', [String(name)]) });
  // Errors made by ctx.reject: only these become a rejection, whatever else is thrown.
  const rejections = new WeakSet();
  const reject = (message, options) => {
    const error = new Error(String(message ?? 'rejected'));
    error.name = 'Rejection';
    error.status = options?.status ?? 400;
    error.errors = options?.errors;
    rejections.add(error);
    throw error;
  };
  const fetch = (url, init) =>
    invoke('fetch', [String(url), init ?? {}]).then((response) =>
      freeze({
        ...response,
        ok: response.status >= 200 && response.status < 300,
        text: async () => response.body,
        json: async () => parse(response.body),
      }),
    );
  globalThis.console = freeze({ log: logs.info, info: logs.info, debug: logs.debug, warn: logs.warn, error: logs.error });
  const ctx = freeze({
    trigger: input.trigger,
    request: input.request ?? null,
    event: input.event ?? null,
    idempotency_key: input.event?.id ?? null,
    attempt: input.attempt ?? null,
    schedule: input.schedule ?? null,
    caller: input.caller ?? null,
    function: input.function,
    log: logs,
    records,
    secrets,
    fetch,
    reject,
  });
  // The outcome as JSON text: { value } (undefined becomes null) or { rejection }.
  return async (handler) => {
    try {
      const value = await handler(ctx);
      return stringify({ value: value === undefined ? null : value });
    } catch (error) {
      if (!rejections.has(error)) throw error;
      let errors;
      try {
        errors = error.errors === undefined ? undefined : parse(stringify(error.errors));
      } catch {
        errors = undefined;
      }
      return stringify({ rejection: { message: error.message, status: error.status, errors } });
    }
  };
})`;
