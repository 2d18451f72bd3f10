// One word per rule for the collections table: who may do what.
import type { CollectionRules, RuleAction } from '../../api';

export function ruleWord(rule: string | null): string {
  if (rule === null) return 'admins';
  if (rule.trim() === '') return 'anyone';
  return 'rule';
}

export function rulesSummary(rules: CollectionRules): string {
  const actions: RuleAction[] = ['list', 'view', 'create', 'update', 'delete'];
  const words = actions.map((action) => ruleWord(rules[action]));
  if (words.every((word) => word === words[0])) return `${words[0]} for every action`;
  return actions.map((action, index) => `${action}: ${words[index]}`).join(' · ');
}
