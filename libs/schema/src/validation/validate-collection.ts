// Validates one collection definition against the rest of the schema: its own shape and name,
// its rules, every field, and the names and ids that must be unique, reporting every problem.
import { CACHE_TTL_MAX_SECONDS, RULE_ACTIONS, type CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import { USERS_COLLECTION } from '../metadata/system-columns.js';
import { nameIssues } from './name-issues.js';
import { booleanIssues, idIssues, isRecord, sameId, stringIssues, unknownKeyIssues } from './shape-checks.js';
import { validateFieldDefinition } from './validate-field.js';
import { issue, joinPath, type ValidationIssue } from './validation-issue.js';

const COLLECTION_KEYS = ['id', 'name', 'label', 'description', 'system', 'rules', 'cache', 'fields'] as const;
const MAX_RULE_LENGTH = 4096;

function rulesIssues(rules: unknown, path: string): ValidationIssue[] {
  if (!isRecord(rules)) return [issue(path, 'invalid_structure', 'The rules must be an object.')];
  const issues = unknownKeyIssues(rules, RULE_ACTIONS, path);
  for (const action of RULE_ACTIONS) {
    const rule = rules[action];
    if (rule === null) continue;
    if (typeof rule !== 'string' || rule.length > MAX_RULE_LENGTH) {
      issues.push(
        issue(
          joinPath(path, action),
          'invalid_structure',
          `The ${action} rule must be null or text of at most ${MAX_RULE_LENGTH} characters.`,
        ),
      );
    }
  }
  return issues;
}

function cacheIssues(cache: unknown, path: string): ValidationIssue[] {
  if (cache === undefined || cache === null) return [];
  if (!isRecord(cache))
    return [issue(path, 'invalid_structure', 'The cache must be null or an object like { "ttl": 60 }.')];
  const ttl = cache['ttl'];
  const issues = unknownKeyIssues(cache, ['ttl'], path);
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < 1 || ttl > CACHE_TTL_MAX_SECONDS) {
    issues.push(
      issue(
        joinPath(path, 'ttl'),
        'invalid_structure',
        `The cache ttl must be a whole number of seconds from 1 to ${CACHE_TTL_MAX_SECONDS}.`,
      ),
    );
  }
  return issues;
}

/** Fields well-formed enough for relation checks to read (`name`, `type`, `options`). */
function readableFields(fields: readonly unknown[]): FieldDefinition[] {
  return fields.filter(
    (f): f is FieldDefinition =>
      isRecord(f) && typeof f['name'] === 'string' && typeof f['type'] === 'string' && isRecord(f['options']),
  );
}

function duplicateFieldIssues(
  fields: readonly unknown[],
  others: readonly CollectionDefinition[],
  path: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const names = new Set<string>();
  const ids = new Set<string>();
  const foreignIds = new Set(others.flatMap((c) => c.fields.map((f) => f.id.toLowerCase())));
  fields.forEach((field, index) => {
    if (!isRecord(field)) return;
    const fieldPath = joinPath(path, index);
    const { name, id } = field;
    if (typeof name === 'string') {
      if (names.has(name))
        issues.push(issue(joinPath(fieldPath, 'name'), 'duplicate_name', `Another field is already named "${name}".`));
      names.add(name);
    }
    if (typeof id === 'string') {
      const key = id.toLowerCase();
      if (ids.has(key) || foreignIds.has(key))
        issues.push(issue(joinPath(fieldPath, 'id'), 'duplicate_id', `The field id ${id} is already used.`));
      ids.add(key);
    }
  });
  return issues;
}

function systemFlagIssues(def: Record<string, unknown>, fields: readonly unknown[], path: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (def['system'] === true && def['name'] !== USERS_COLLECTION) {
    issues.push(
      issue(
        joinPath(path, 'system'),
        'system_flag_invalid',
        `Only the built-in "${USERS_COLLECTION}" collection is a system collection.`,
      ),
    );
  }
  if (def['system'] !== true) {
    fields.forEach((field, index) => {
      if (isRecord(field) && field['system'] === true) {
        issues.push(
          issue(
            joinPath(joinPath(joinPath(path, 'fields'), index), 'system'),
            'system_flag_invalid',
            'System fields exist only in system collections.',
          ),
        );
      }
    });
  }
  return issues;
}

/**
 * Every problem with `def` (paths relative to it). `allCollections` is the whole schema after the
 * change; an entry with `def`'s id is ignored in favour of `def`.
 */
export function validateCollectionDefinition(
  def: unknown,
  allCollections: readonly CollectionDefinition[],
  path = '',
): ValidationIssue[] {
  if (!isRecord(def)) return [issue(path, 'invalid_structure', 'A collection must be an object.')];
  const issues = [
    ...unknownKeyIssues(def, COLLECTION_KEYS, path),
    ...idIssues(def['id'], joinPath(path, 'id')),
    ...nameIssues(def['name'], joinPath(path, 'name'), 'collection'),
    ...stringIssues(def['label'], joinPath(path, 'label'), 255),
    ...stringIssues(def['description'], joinPath(path, 'description'), 10_000),
    ...booleanIssues(def['system'], joinPath(path, 'system')),
    ...rulesIssues(def['rules'], joinPath(path, 'rules')),
    ...cacheIssues(def['cache'], joinPath(path, 'cache')),
  ];
  const id = typeof def['id'] === 'string' ? def['id'] : '';
  const name = typeof def['name'] === 'string' ? def['name'] : '';
  const others = allCollections.filter((c) => !sameId(c.id, id));
  if (others.some((c) => c.name === name)) {
    issues.push(issue(joinPath(path, 'name'), 'duplicate_name', `Another collection is already named "${name}".`));
  }
  const fieldsPath = joinPath(path, 'fields');
  const fields = def['fields'];
  if (!Array.isArray(fields)) return [...issues, issue(fieldsPath, 'invalid_structure', 'The fields must be a list.')];
  const collection = { id, name, fields: readableFields(fields) };
  const collections = [...others, { ...(def as unknown as CollectionDefinition), fields: collection.fields }];
  fields.forEach((field, index) => {
    issues.push(...validateFieldDefinition(field, { path: joinPath(fieldsPath, index), collection, collections }));
  });
  return [...issues, ...duplicateFieldIssues(fields, others, fieldsPath), ...systemFlagIssues(def, fields, path)];
}
