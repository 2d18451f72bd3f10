// The designer's draft against the saved fields: the steps to send (drops first, so a name can
// be reused; then renames and changes; then additions; then the order) and the summary the
// confirmation shows. Fields are matched by id, so a rename is a rename, not a drop and an add.

import type { FieldDefinition, FieldOptions, FieldType } from '../../api';
import type { SchemaStep } from '../../data/collections/schema-changes-mutation';

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
  steps: SchemaStep[];
  summary: ChangeSummary;
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
  const steps: SchemaStep[] = [];
  const summary: ChangeSummary = { added: [], renamed: [], retyped: [], changed: [], dropped: [], reordered: false };

  for (const field of savedOrder) {
    if (!drafted.has(field.id)) {
      steps.push({ kind: 'delete', key: field.id, field: field.name });
      summary.dropped.push(field.name);
    }
  }
  for (const field of savedOrder) {
    const next = drafted.get(field.id);
    if (!next) continue;
    const changes: { name?: string; type?: FieldType; options?: FieldOptions } = {};
    if (next.name !== field.name) {
      changes.name = next.name;
      summary.renamed.push({ from: field.name, to: next.name });
    }
    if (next.type !== field.type) {
      changes.type = next.type;
      summary.retyped.push({ name: next.name, from: field.type, to: next.type });
    }
    if (!sameOptions(next.options, field.options) || changes.type !== undefined) {
      changes.options = next.options;
      if (changes.type === undefined) summary.changed.push(next.name);
    }
    if (Object.keys(changes).length > 0) steps.push({ kind: 'update', key: field.id, field: field.name, changes });
  }
  const added = draft.filter((field) => !field.savedId);
  for (const field of added) {
    steps.push({ kind: 'add', key: field.key, input: { name: field.name, type: field.type, options: field.options } });
    summary.added.push(field.name);
  }

  // After the steps above the server has the kept fields in their old order, then the new ones.
  const kept = savedOrder.flatMap((field) => {
    const next = drafted.get(field.id);
    return next ? [next.name] : [];
  });
  const expected = [...kept, ...added.map((field) => field.name)];
  const wanted = draft.map((field) => field.name);
  if (expected.join('\n') !== wanted.join('\n')) {
    steps.push({ kind: 'reorder', key: 'order', order: wanted });
    summary.reordered = true;
  }
  return { steps, summary };
}
