// Validates a change from one schema to another: the new schema itself, then what may not change
// (users and its system fields, field types without a cast, relation kinds and targets).
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { columnChange } from '../planner/column-cast.js';
import { isRecord } from './shape-checks.js';
import { validateSchema } from './validate-schema.js';
import { issue, joinPath, type ValidationIssue } from './validation-issue.js';

interface Located {
  collection: CollectionDefinition;
  path: string;
}

const key = (id: string) => id.toLowerCase();

/** Same field, ignoring display position (which may change even for system fields). */
function sameField(a: FieldDefinition, b: FieldDefinition): boolean {
  return JSON.stringify({ ...a, position: 0 }) === JSON.stringify({ ...b, position: 0 });
}

function targetId(collections: readonly CollectionDefinition[], field: FieldDefinition): string | undefined {
  if (field.type !== 'relation') return undefined;
  const target = collections.find((c) => c.name === field.options.target);
  return target === undefined ? undefined : key(target.id);
}

function typeIssues(
  before: FieldDefinition,
  after: FieldDefinition,
  ctx: { before: readonly CollectionDefinition[]; after: readonly CollectionDefinition[] },
  path: string,
): ValidationIssue[] {
  if (before.type === 'relation' || after.type === 'relation') {
    const sameKind =
      before.type === 'relation' && after.type === 'relation' && before.options.kind === after.options.kind;
    // Targets are compared by collection id, so renaming the target collection is not a change.
    if (sameKind && targetId(ctx.before, before) === targetId(ctx.after, after)) return [];
    return [
      issue(
        joinPath(path, 'options'),
        'relation_change_unsupported',
        'The kind and target of a relation cannot change: remove the field and add a new one.',
      ),
    ];
  }
  if (columnChange(before, after).kind !== 'unsupported') return [];
  return [
    issue(joinPath(path, 'type'), 'type_change_unsupported', `A ${before.type} field cannot become ${after.type}.`),
  ];
}

function fieldIssues(
  before: CollectionDefinition,
  after: Located,
  ctx: { before: readonly CollectionDefinition[]; after: readonly CollectionDefinition[] },
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const fieldsPath = joinPath(after.path, 'fields');
  for (const old of before.fields) {
    const index = after.collection.fields.findIndex((f) => key(f.id) === key(old.id));
    if (index < 0) {
      if (old.system)
        issues.push(issue(fieldsPath, 'system_field_locked', `The system field "${old.name}" cannot be removed.`));
      continue;
    }
    const current = after.collection.fields[index] as FieldDefinition; // index came from findIndex
    const path = joinPath(fieldsPath, index);
    if (old.system && !sameField(old, current)) {
      issues.push(issue(path, 'system_field_locked', `The system field "${old.name}" cannot be changed.`));
      continue;
    }
    if (old.system !== current.system)
      issues.push(
        issue(joinPath(path, 'system'), 'system_flag_invalid', 'A field cannot become or stop being a system field.'),
      );
    issues.push(...typeIssues(old, current, ctx, path));
  }
  after.collection.fields.forEach((field, index) => {
    const isNew = !before.fields.some((f) => key(f.id) === key(field.id));
    if (isNew && field.system)
      issues.push(
        issue(joinPath(joinPath(fieldsPath, index), 'system'), 'system_flag_invalid', 'System fields cannot be added.'),
      );
  });
  return issues;
}

function movedFieldIssues(before: readonly CollectionDefinition[], after: Located[]): ValidationIssue[] {
  const home = new Map(before.flatMap((c) => c.fields.map((f) => [key(f.id), key(c.id)] as const)));
  return after.flatMap(({ collection, path }) =>
    collection.fields.flatMap((field, index) => {
      const was = home.get(key(field.id));
      if (was === undefined || was === key(collection.id)) return [];
      return [
        issue(
          joinPath(joinPath(joinPath(path, 'fields'), index), 'id'),
          'field_moved',
          'A field cannot move to another collection: add a new field instead.',
        ),
      ];
    }),
  );
}

/** Runs on untrusted input, so that "users cannot be renamed" is said even when other checks fail. */
function systemCollectionIssues(
  before: readonly CollectionDefinition[],
  after: readonly unknown[],
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const old of before.filter((c) => c.system)) {
    const index = after.findIndex((c) => isRecord(c) && typeof c['id'] === 'string' && key(c['id']) === key(old.id));
    const current = after[index];
    if (!isRecord(current)) {
      issues.push(issue(path, 'system_collection_locked', `The system collection "${old.name}" cannot be removed.`));
    } else if (current['name'] !== old.name) {
      issues.push(
        issue(
          joinPath(joinPath(path, index), 'name'),
          'system_collection_locked',
          `The system collection "${old.name}" cannot be renamed.`,
        ),
      );
    }
  }
  return issues;
}

/**
 * Every problem with changing `before` (trusted, current metadata) into `after` (untrusted).
 * The field rules run once `after` is itself valid, since they read it as typed.
 */
export function validateSchemaChange(
  before: readonly CollectionDefinition[],
  after: unknown,
  path = 'collections',
): ValidationIssue[] {
  const schemaIssues = validateSchema(after, path);
  if (!Array.isArray(after)) return schemaIssues;
  const lockIssues = systemCollectionIssues(before, after, path);
  if (schemaIssues.length > 0) return [...schemaIssues, ...lockIssues];
  const collections = after as CollectionDefinition[];
  const located = collections.map((collection, index) => ({ collection, path: joinPath(path, index) }));
  const ctx = { before, after: collections };
  const issues: ValidationIssue[] = [...lockIssues];
  for (const old of before) {
    const current = located.find((l) => key(l.collection.id) === key(old.id));
    if (current === undefined) continue;
    if (old.system !== current.collection.system) {
      issues.push(
        issue(
          joinPath(current.path, 'system'),
          'system_flag_invalid',
          'A collection cannot become or stop being a system collection.',
        ),
      );
    }
    issues.push(...fieldIssues(old, current, ctx));
  }
  return [...issues, ...movedFieldIssues(before, located)];
}
