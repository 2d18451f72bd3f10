// Access rules as stored on a collection: null (admins only), "" (anyone) or an expression.
// Expressions are parsed, then compiled against the schema they will run on, when saved:
// a typo or a field that does not exist is a 400 at save time, not a failure later.

import type { FieldError } from '@stagecraft/core';
import { compileExpression, ExpressionError, parseExpression } from '@stagecraft/query';
import { RULE_ACTIONS, type CollectionDefinition, type CollectionRules } from '@stagecraft/schema';
import { buildQuerySchema } from './query-schema.js';
import { analyseExpression } from './references/expression-references.js';
import type { SchemaChangeContext } from './references/reference-holder.js';

export const ADMIN_ONLY_RULES: CollectionRules = { list: null, view: null, create: null, update: null, delete: null };

/** Syntax problems only: for rules given in a request, before any schema is at hand. */
export function ruleProblems(rules: Partial<CollectionRules>): FieldError[] {
  const problems: FieldError[] = [];
  for (const action of RULE_ACTIONS) {
    const rule = rules[action];
    if (rule === undefined || rule === null || rule.trim() === '') continue;
    try {
      parseExpression(rule);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({ field: `rules.${action}`, code: error.code, message: error.message });
    }
  }
  return problems;
}

type RuleIssue = { path: string; code: string; message: string };

/** Syntax problems of every rule of every collection, with the validator's paths. */
export function ruleParseProblems(after: readonly CollectionDefinition[]): RuleIssue[] {
  return after.flatMap((definition, index) =>
    ruleProblems(definition.rules).map((problem) => ({
      path: `collections[${index}].${problem.field}`,
      code: problem.code,
      message: `${ruleLabel(problem.field.replace('rules.', ''))}: ${problem.message}`,
    })),
  );
}

/**
 * Every rule of every collection compiled against the schema after the change; paths like the
 * validator's. Rules the request states are held to the stricter check for comparisons that
 * never match, and when one fails on a field the change renames or drops, the message says so.
 * Rules carried along unchanged compile as they did when saved.
 */
export function ruleCompileProblems(change: SchemaChangeContext): RuleIssue[] {
  const { after } = change;
  const schema = buildQuerySchema(after, { admin: false });
  const problems: RuleIssue[] = [];
  after.forEach((definition, index) => {
    const collection = schema.collection(definition.name);
    if (!collection) return;
    for (const action of RULE_ACTIONS) {
      const rule = definition.rules[action];
      if (rule === null || rule.trim() === '') continue;
      const stated = change.statedRule(definition.id, action);
      try {
        compileExpression(parseExpression(rule), {
          schema,
          collection,
          alias: 't',
          params: [],
          request: { auth: null, body: {} },
          now: new Date(),
          rejectNeverMatching: stated,
        });
      } catch (error) {
        if (!(error instanceof ExpressionError)) throw error;
        problems.push({
          path: `collections[${index}].rules.${action}`,
          code: error.code,
          message: `${ruleLabel(action)}: ${error.message}${stated ? changeHint(rule, definition.id, change) : ''}`,
        });
      }
    }
  });
  return problems;
}

/** "List rule": leads a rule's message where one path holds the rules of several collections. */
function ruleLabel(action: string): string {
  return `${action.charAt(0).toUpperCase()}${action.slice(1)} rule`;
}

/** For a rule written with names this change renames or drops: what became of them. */
function changeHint(rule: string, collectionId: string, change: SchemaChangeContext): string {
  const { verdict, renamed } = analyseExpression(rule, [collectionId], change);
  const parts = renamed.map((rename) => `renames "${rename.collection}.${rename.from}" to "${rename.to}"`);
  if (verdict.kind === 'dropped') parts.push(`drops ${verdict.fields.map((field) => `"${field}"`).join(', ')}`);
  return parts.length > 0 ? ` This change ${parts.join(' and ')}: write the rule with the names after the change.` : '';
}
