// A rule as the editor holds it (a mode plus the expression text) and as the API stores it
// (null: admins only, "": anyone, else the expression).
import type { CollectionRules, RuleAction } from '../../api';

export type RuleMode = 'admins' | 'anyone' | 'expression';

export interface RuleForm {
  mode: RuleMode;
  expression: string;
}

export function ruleFormOf(rule: string | null): RuleForm {
  if (rule === null) return { mode: 'admins', expression: '' };
  if (rule.trim() === '') return { mode: 'anyone', expression: '' };
  return { mode: 'expression', expression: rule };
}

/** An empty expression would mean "anyone": refuse it rather than open the collection by accident. */
export function ruleValueOf(form: RuleForm): string | null {
  switch (form.mode) {
    case 'admins':
      return null;
    case 'anyone':
      return '';
    case 'expression':
      return form.expression.trim() === '' ? null : form.expression;
  }
}

export function changedRules(saved: CollectionRules, forms: Record<RuleAction, RuleForm>): Partial<CollectionRules> {
  const changes: Partial<CollectionRules> = {};
  for (const action of Object.keys(forms) as RuleAction[]) {
    const value = ruleValueOf(forms[action]);
    if (value !== saved[action]) changes[action] = value;
  }
  return changes;
}

/**
 * The actions whose rule is still what was sent in `sent` (a save or a check). An error belongs
 * to the text it was computed for: once a rule is edited, its error no longer applies.
 */
export function unchangedSinceSent(
  sent: Partial<CollectionRules> | undefined,
  forms: Record<RuleAction, RuleForm>,
): Set<RuleAction> {
  const unchanged = new Set<RuleAction>();
  if (!sent) return unchanged;
  for (const action of Object.keys(sent) as RuleAction[]) {
    if (ruleValueOf(forms[action]) === sent[action]) unchanged.add(action);
  }
  return unchanged;
}
