// Access rules at request time. Admins pass every rule. For everyone else a rule is either
// "admins only" (refused: 401 when anonymous, 403 when signed in), "anyone" (no condition),
// or an expression compiled into a WHERE fragment over the row aliased `t`.

import { Logger } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import {
  compileExpression,
  compileFilter,
  ExpressionError,
  type CompileContext,
  type RequestFacts,
} from '@stagecraft/query';
import type { RuleAction } from '@stagecraft/schema';
import type { CompiledCollection } from './compiled-collection.js';
import type { CompiledSchema } from './compile-schema.js';

const logger = new Logger('AccessRules');

export interface RequestScope {
  readonly principal: Principal | undefined;
  readonly schema: CompiledSchema;
  readonly now: Date;
}

export const isAdmin = (principal: Principal | undefined): boolean => principal?.role === 'admin';

export function requestFacts(principal: Principal | undefined, body?: Record<string, unknown>): RequestFacts {
  // A user's session has an assurance level (1 or 2); an API key has none, so aal is null.
  const auth = principal ? { id: principal.id, role: principal.role, aal: principal.aal ?? null } : null;
  return { auth, body };
}

function context(
  scope: RequestScope,
  collection: CompiledCollection,
  params: unknown[],
  body?: Record<string, unknown>,
  alias = 't',
): CompileContext {
  const querySchema = isAdmin(scope.principal) ? scope.schema.querySchemaForAdmins : scope.schema.querySchema;
  const queryCollection = querySchema.collection(collection.name);
  if (!queryCollection) throw new Error(`No query metadata for ${collection.name}`);
  return {
    schema: querySchema,
    collection: queryCollection,
    alias,
    params,
    request: requestFacts(scope.principal, body),
    now: scope.now,
  };
}

export function refuse(principal: Principal | undefined, what: string): AppException {
  return principal
    ? new AppException(ErrorCode.Forbidden, `You may not ${what}.`)
    : new AppException(ErrorCode.Unauthorized, `Sign in to ${what}.`);
}

/**
 * The condition rows must meet for the caller to perform `action`: SQL (possibly 'true'),
 * or an exception when the caller may not perform it at all.
 */
export function ruleCondition(
  scope: RequestScope,
  collection: CompiledCollection,
  action: RuleAction,
  params: unknown[],
  options: { body?: Record<string, unknown>; alias?: string } = {},
): string {
  if (isAdmin(scope.principal)) return 'true';
  const rule = collection.rules[action];
  if (rule === null) throw refuse(scope.principal, `${action} records of "${collection.name}"`);
  if (rule === 'anyone') return 'true';
  try {
    return compileExpression(rule, context(scope, collection, params, options.body, options.alias));
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    // The schema changed under the rule (e.g. a field it names was removed): deny, loudly.
    logger.warn(`The ${action} rule of "${collection.name}" no longer compiles: ${error.message}`);
    throw refuse(scope.principal, `${action} records of "${collection.name}"`);
  }
}

/** A filter compiled once: its SQL (placeholders numbered from a known start) and values. */
interface CompiledFilter {
  readonly sql: string;
  readonly values: readonly unknown[];
}

const MAX_FILTERS_PER_SCHEMA = 500;

/**
 * Filters compiled per schema version, so clients repeating a query shape skip the parse and
 * compile. Only filters that read nothing of the request (no `@request.*`, no `@now`, no
 * relation path through a view rule) are kept: their SQL depends on the text alone.
 */
const compiledFilters = new WeakMap<CompiledSchema, Map<string, CompiledFilter>>();

function filtersOf(schema: CompiledSchema): Map<string, CompiledFilter> {
  let filters = compiledFilters.get(schema);
  if (filters === undefined) {
    filters = new Map();
    compiledFilters.set(schema, filters);
  }
  return filters;
}

/** A caller's filter as SQL, or a 400 problem with the position of the mistake. */
export function filterCondition(
  scope: RequestScope,
  collection: CompiledCollection,
  filter: string | undefined,
  params: unknown[],
  alias = 't',
): string {
  if (filter === undefined || filter.trim() === '') return 'true';
  // Everything the SQL depends on besides the request: who may see hidden fields, the
  // collection, the alias of its row, and where its placeholders start.
  const key = `${isAdmin(scope.principal) ? 'admin' : 'other'}\u0000${collection.name}\u0000${alias}\u0000${params.length}\u0000${filter}`;
  const filters = filtersOf(scope.schema);
  const cached = filters.get(key);
  if (cached !== undefined) {
    params.push(...cached.values);
    return cached.sql;
  }

  const start = params.length;
  const base = context(scope, collection, params, undefined, alias);
  const reads = { request: false }; // set by the getters below, so the compile reports it
  const ctx: CompileContext = {
    ...base,
    applyRowFilters: true,
    // A filter is written now: one that can never match (ids of two collections) is a 400.
    rejectNeverMatching: true,
    get request() {
      reads.request = true;
      return base.request;
    },
    get now() {
      reads.request = true;
      return base.now;
    },
  };
  let sql: string;
  try {
    sql = compileFilter(filter, ctx);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new AppException(ErrorCode.ValidationFailed, `The filter is not valid. ${error.message}`, {
      errors: [{ field: 'filter', code: error.code, message: error.message }],
      extensions: error.position === undefined ? {} : { position: error.position },
    });
  }
  if (!reads.request) {
    if (filters.size >= MAX_FILTERS_PER_SCHEMA) filters.delete(filters.keys().next().value as string);
    filters.set(key, { sql, values: Object.freeze(params.slice(start)) });
  }
  return sql;
}
