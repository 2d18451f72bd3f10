// The database objects a schema implies (columns, checks, uniques, indexes, foreign keys,
// junction tables), keyed by stable ids so two schemas can be compared object by object.
import { compareText } from './compare-text.js';
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition } from '../metadata/field-definition.js';
import type { OnDeleteAction } from '../metadata/field-options.js';
import { USERS_COLLECTION } from '../metadata/system-columns.js';
import { fieldTypeOf } from '../field-types/registry.js';
import { objectNames, type CheckKind } from '../sql/object-names.js';
import { quoteIdent } from '../sql/quote-ident.js';
import { SchemaPlanError } from './schema-plan-error.js';

export interface ColumnModel {
  field: FieldDefinition;
  name: string;
  sqlType: string;
  notNull: boolean;
  defaultSql: string | null;
}

interface ObjectBase {
  key: string;
  name: string;
  /** Equal signatures mean "same definition", whatever the column is called now. */
  signature: string;
  /** null for the engine's own `created_by` foreign key. */
  field: FieldDefinition | null;
  column: string;
}

/** A named constraint or index of a collection table. */
export type ObjectModel =
  | (ObjectBase & { kind: 'check'; checkKind: CheckKind; expression: string })
  | (ObjectBase & { kind: 'unique' })
  | (ObjectBase & { kind: 'index'; method: 'btree' | 'gin' })
  | (ObjectBase & { kind: 'foreign_key'; targetCollectionId: string; targetTable: string; onDelete: OnDeleteAction });

export type ObjectKind = ObjectModel['kind'];

export interface TableModel {
  collection: CollectionDefinition;
  name: string;
  primaryKey: string;
  /** By field id (lowercase). */
  columns: Map<string, ColumnModel>;
  /** By key, `<field id>:<kind>[:<check kind>]`. */
  objects: Map<string, ObjectModel>;
}

export interface JunctionModel {
  field: FieldDefinition;
  collectionId: string;
  /** Lowercase collection ids of both ends. */
  sourceKey: string;
  targetKey: string;
  name: string;
  sourceTable: string;
  targetTable: string;
  signature: string;
}

export interface SchemaModel {
  tables: Map<string, TableModel>;
  junctions: Map<string, JunctionModel>;
}

/** Stands in for the column in check signatures; quoteIdent can never produce it. */
const COLUMN_PLACEHOLDER = '\u0000';

const key = (id: string): string => id.toLowerCase();

function resolveTarget(collections: readonly CollectionDefinition[], name: string, from: string): CollectionDefinition {
  const target = collections.find((c) => c.name === name);
  if (target === undefined)
    throw new SchemaPlanError('relation_target_missing', `"${from}" relates to the missing collection "${name}".`);
  return target;
}

function fieldObjects(
  table: string,
  field: FieldDefinition,
  collections: readonly CollectionDefinition[],
): ObjectModel[] {
  const spec = fieldTypeOf(field).columnType(field);
  if (spec === null) return [];
  const id = key(field.id);
  const column = field.name;
  const objects: ObjectModel[] = spec.checks.map((check) => ({
    kind: 'check',
    key: `${id}:check:${check.kind}`,
    name: objectNames.check(table, field.id, check.kind),
    signature: `${spec.sqlType}|${check.predicate(COLUMN_PLACEHOLDER)}`,
    field,
    column,
    checkKind: check.kind,
    expression: check.predicate(quoteIdent(column)),
  }));
  if (spec.unique) {
    objects.push({
      kind: 'unique',
      key: `${id}:unique`,
      name: objectNames.unique(table, field.id),
      signature: spec.sqlType,
      field,
      column,
    });
  }
  if (spec.index !== null) {
    const name = objectNames.index(table, field.id);
    objects.push({
      kind: 'index',
      key: `${id}:index`,
      name,
      signature: `${spec.index}|${spec.sqlType}`,
      field,
      column,
      method: spec.index,
    });
  }
  if (spec.references !== null) {
    const target = resolveTarget(collections, spec.references.target, `${table}.${column}`);
    objects.push({
      kind: 'foreign_key',
      key: `${id}:foreign_key`,
      name: objectNames.foreignKey(table, field.id),
      signature: `${key(target.id)}|${spec.references.onDelete}`,
      field,
      column,
      targetCollectionId: key(target.id),
      targetTable: target.name,
      onDelete: spec.references.onDelete,
    });
  }
  return objects;
}

/** `created_by` references the users collection on every table, `users` itself included. */
function createdByForeignKey(table: string, collections: readonly CollectionDefinition[]): ObjectModel {
  const users = collections.find((c) => c.name === USERS_COLLECTION);
  const targetId = users === undefined ? `#${USERS_COLLECTION}` : key(users.id);
  return {
    kind: 'foreign_key',
    key: 'created_by:foreign_key',
    name: objectNames.createdByForeignKey(table),
    signature: `${targetId}|set_null`,
    field: null,
    column: 'created_by',
    targetCollectionId: targetId,
    targetTable: USERS_COLLECTION,
    onDelete: 'set_null',
  };
}

/** Fields in a stable order: position, then name, then id. */
export function sortedFields(fields: readonly FieldDefinition[]): FieldDefinition[] {
  return [...fields].sort((a, b) => a.position - b.position || compareText(a.name, b.name) || compareText(a.id, b.id));
}

function tableModel(collection: CollectionDefinition, collections: readonly CollectionDefinition[]): TableModel {
  const table = collection.name;
  const columns = new Map<string, ColumnModel>();
  const objects = new Map<string, ObjectModel>();
  const add = (object: ObjectModel) => objects.set(object.key, object);
  for (const field of sortedFields(collection.fields)) {
    const type = fieldTypeOf(field);
    const spec = type.columnType(field);
    if (spec === null) continue;
    const required = 'required' in field.options && field.options.required === true;
    columns.set(key(field.id), {
      field,
      name: field.name,
      sqlType: spec.sqlType,
      notNull: required,
      defaultSql: type.defaultSql(field),
    });
    fieldObjects(table, field, collections).forEach(add);
  }
  add(createdByForeignKey(table, collections));
  return { collection, name: table, primaryKey: objectNames.primaryKey(table), columns, objects };
}

function junctionModels(
  collection: CollectionDefinition,
  collections: readonly CollectionDefinition[],
): JunctionModel[] {
  return sortedFields(collection.fields).flatMap((field) => {
    const spec = fieldTypeOf(field).junction(field);
    if (spec === null) return [];
    const target = resolveTarget(collections, spec.target, `${collection.name}.${field.name}`);
    return [
      {
        field,
        collectionId: collection.id,
        sourceKey: key(collection.id),
        targetKey: key(target.id),
        name: objectNames.junctionTable(field.id),
        sourceTable: collection.name,
        targetTable: target.name,
        signature: `${key(collection.id)}|${key(target.id)}`,
      },
    ];
  });
}

export function buildSchemaModel(collections: readonly CollectionDefinition[]): SchemaModel {
  const tables = new Map<string, TableModel>();
  const junctions = new Map<string, JunctionModel>();
  for (const collection of collections) {
    tables.set(key(collection.id), tableModel(collection, collections));
    for (const junction of junctionModels(collection, collections)) junctions.set(key(junction.field.id), junction);
  }
  return { tables, junctions };
}
