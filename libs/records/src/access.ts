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
  return { auth: principal ? { id: principal.id, role: principal.role } : null, body };
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

/** A caller's filter as SQL, or a 400 problem with the position of the mistake. */
export function filterCondition(
  scope: RequestScope,
  collection: CompiledCollection,
  filter: string | undefined,
  params: unknown[],
): string {
  if (filter === undefined || filter.trim() === '') return 'true';
  try {
    return compileFilter(filter, { ...context(scope, collection, params), applyRowFilters: true });
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    throw new AppException(ErrorCode.ValidationFailed, `Invalid filter: ${error.message}`, {
      errors: [{ field: 'filter', code: error.code, message: error.message }],
      extensions: error.position === undefined ? {} : { position: error.position },
    });
  }
}
