// Access rules as stored on a collection: null (admins only), "" (anyone) or an expression.
// Expressions are parsed when saved, so a typo is a 400 at save time, not a failure later.

import type { FieldError } from '@stagecraft/core';
import { ExpressionError, parseExpression } from '@stagecraft/query';
import { RULE_ACTIONS, type CollectionRules } from '@stagecraft/schema';

export const ADMIN_ONLY_RULES: CollectionRules = { list: null, view: null, create: null, update: null, delete: null };

export function ruleProblems(rules: Partial<CollectionRules>): FieldError[] {
  const problems: FieldError[] = [];
  for (const action of RULE_ACTIONS) {
    const rule = rules[action];
    if (rule === undefined || rule === null || rule === '') continue;
    try {
      parseExpression(rule);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({ field: `rules.${action}`, code: error.code, message: error.message });
    }
  }
  return problems;
}
