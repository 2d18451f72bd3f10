// The designer's draft against the saved fields: the field list the save sends in one request
// (saved fields by id, so a rename is a rename, not a drop and an add) and the summary of
// added, renamed, retyped, changed and dropped fields that the confirmation shows.

import type { FieldDefinition, FieldOptions, FieldType } from '../../api';
import type { FieldReplacement } from '../../data/collections/collection-replace-mutation';

export interface DraftField {
  /** The saved field's id, or a temporary key for a new one. */
  key: string;
  /** Set for fields that exist on the server. */
  savedId?: string;
  name: string;
  type: FieldType;
  options: FieldOptions;
  system: boolean;
}

export interface ChangeSummary {
  added: string[];
  renamed: { from: string; to: string }[];
  retyped: { name: string; from: FieldType; to: FieldType }[];
  changed: string[];
  dropped: string[];
  reordered: boolean;
}

export interface SchemaPlan {
  /** The whole draft in its order, as the replace request takes it. */
  fields: FieldReplacement[];
  summary: ChangeSummary;
  /** How many changes the draft holds (a field's rename and options count once); 0: saved. */
  changes: number;
}

export function draftFromFields(fields: readonly FieldDefinition[]): DraftField[] {
  return [...fields]
    .sort((a, b) => a.position - b.position)
    .map((field) => ({
      key: field.id,
      savedId: field.id,
      name: field.name,
      type: field.type,
      options: field.options,
      system: field.system,
    }));
}

/** Key order does not make options different. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameOptions(a: FieldOptions, b: FieldOptions): boolean {
  return canonical(a) === canonical(b);
}

export function planSchemaChanges(saved: readonly FieldDefinition[], draft: readonly DraftField[]): SchemaPlan {
  const savedOrder = [...saved].sort((a, b) => a.position - b.position);
  const drafted = new Map(draft.filter((field) => field.savedId).map((field) => [field.savedId, field]));
  const summary: ChangeSummary = { added: [], renamed: [], retyped: [], changed: [], dropped: [], reordered: false };
  let changedFields = 0;

  for (const field of savedOrder) {
    const next = drafted.get(field.id);
    if (!next) {
      summary.dropped.push(field.name);
      continue;
    }
    const renamed = next.name !== field.name;
    const retyped = next.type !== field.type;
    if (renamed) summary.renamed.push({ from: field.name, to: next.name });
    if (retyped) summary.retyped.push({ name: next.name, from: field.type, to: next.type });
    const optionsChanged = !sameOptions(next.options, field.options);
    if (optionsChanged && !retyped) summary.changed.push(next.name);
    if (renamed || retyped || optionsChanged) changedFields += 1;
  }
  const added = draft.filter((field) => !field.savedId);
  summary.added.push(...added.map((field) => field.name));

  // Where new fields go is part of adding them: only the saved fields' own order counts.
  const keptOrder = (ids: (string | undefined)[]) => ids.filter((id) => id !== undefined && drafted.has(id));
  const before = keptOrder(savedOrder.map((field) => field.id));
  const after = keptOrder(draft.map((field) => field.savedId));
  summary.reordered = before.join('\n') !== after.join('\n');

  return {
    fields: draft.map((field) => ({
      ...(field.savedId ? { id: field.savedId } : {}),
      name: field.name,
      type: field.type,
      options: field.options,
    })),
    summary,
    changes: summary.dropped.length + changedFields + added.length + (summary.reordered ? 1 : 0),
  };
}
