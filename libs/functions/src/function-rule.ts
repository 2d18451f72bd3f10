// Who may call a function over HTTP: the collections' rule semantics. Null is admins only, ""
// is anyone (signed in or not), and an expression is checked per call. A function has no row,
// so its expression may read only the request facts (`@request.auth.id`, `.role`, `.aal`,
// `@now`), never a field; it is evaluated by PostgreSQL with the same compiler as every rule.

import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { compileExpression, ExpressionError, fieldMentions, parseExpression, type Expression } from '@stagecraft/query';
import { isAdmin, refuse, type CompiledSchema } from '@stagecraft/records';
import type { DataSource } from 'typeorm';

/** Rules are compiled against a collection; with no field in them, any does. `users` always exists. */
const ANY_COLLECTION = 'users';

function parseRule(rule: string): Expression {
  const expression = parseExpression(rule);
  const mention = fieldMentions(expression)[0];
  if (mention) {
    throw new ExpressionError(
      'UNKNOWN_FIELD',
      `A function's rule can read only @request.auth and @now, not "${mention.path.join('.')}".`,
      mention.position,
    );
  }
  return expression;
}

function compile(expression: Expression, schema: CompiledSchema, principal: Principal | undefined, params: unknown[]) {
  const collection = schema.querySchema.collection(ANY_COLLECTION);
  if (!collection) throw new Error('The users collection has no query metadata');
  return compileExpression(expression, {
    schema: schema.querySchema,
    collection,
    alias: 't',
    params,
    request: {
      auth: principal ? { id: principal.id, role: principal.role, aal: principal.aal ?? null } : null,
      body: {},
    },
    now: new Date(),
  });
}

/** A 400 naming the rule's problem and where it is, or nothing when the rule is fine. */
export function checkHttpRule(rule: string | null, schema: CompiledSchema): void {
  if (rule === null || rule === '') return;
  try {
    compile(parseRule(rule), schema, undefined, []);
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    // The message names the place already (1-based); `position` is the 0-based offset.
    throw new AppException(ErrorCode.ValidationFailed, `The HTTP rule is not valid. ${error.message}`, {
      errors: [{ field: 'triggers.http.rule', code: error.code, message: error.message }],
      extensions: error.position === undefined ? undefined : { position: error.position },
    });
  }
}

/**
 * Throws 401/403 unless `principal` may call the function. Only an expression rule needs the
 * schema (to compile) and one query; the common "" and null need neither.
 */
export async function assertMayInvoke(
  rule: string | null,
  principal: Principal | undefined,
  name: string,
  schema: () => Promise<CompiledSchema>,
  db: DataSource,
): Promise<void> {
  if (isAdmin(principal) || rule === '') return;
  if (rule === null) throw refuse(principal, `call the function "${name}"`);
  const params: unknown[] = [];
  const condition = compile(parseRule(rule), await schema(), principal, params);
  const rows: { allowed: boolean }[] = await db.query(`SELECT (${condition}) AS allowed`, params);
  if (rows[0]?.allowed !== true) throw refuse(principal, `call the function "${name}"`);
}
