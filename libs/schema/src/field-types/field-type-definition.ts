// The contract every field type implements (CONVENTIONS 1: a type lives in one module): its
// column, its checks, its value schemas, its filter behaviour and the casts it accepts.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinition, FieldDefinitionOf } from '../metadata/field-definition.js';
import type { JsonValue, OnDeleteAction } from '../metadata/field-options.js';
import type { FieldType } from '../metadata/field-type-name.js';
import type { FilterOperator, StorageType } from '../metadata/storage-type.js';
import type { CheckKind } from '../sql/object-names.js';
import type { JsonSchema, JsonSchemaObject, OpenApiSchema } from '../json-schema/json-schema.js';
import type { ValidationIssue } from '../validation/validation-issue.js';
import type { TypeScriptMapping } from './typescript-types.js';

/** A CHECK the column needs; the planner names it `<table>_<field id short>_<kind>_chk`. */
export interface CheckSpec {
  kind: CheckKind;
  /** The predicate over the already-quoted column identifier. */
  predicate: (column: string) => string;
}

export interface ColumnTypeSpec {
  /** SQL type as written in DDL: `text`, `numeric(10,2)`, `text[]`, `uuid` ... */
  sqlType: string;
  checks: CheckSpec[];
  unique: boolean;
  /** Index method, or null for none (a unique constraint already brings its own index). */
  index: 'btree' | 'gin' | null;
  /** A foreign key to `"data"."<target>"("id")`. */
  references: { target: string; onDelete: OnDeleteAction } | null;
}

/** How to convert an existing column to this type in `ALTER COLUMN ... TYPE ... USING`. */
export interface ColumnCast {
  using: (column: string) => string;
  /** A predicate true for rows the cast would fail on (for the runner's pre-check), or null. */
  failsWhen: ((column: string) => string) | null;
  /** True when the cast can lose information (rounding, truncation), flagged for confirmation. */
  lossy: boolean;
}

/** The engine-managed junction table of a many_to_many relation. */
export interface JunctionSpec {
  target: string;
}

export type QueryCoercion = { ok: true; value: JsonValue } | { ok: false; message: string };

export interface FieldValidationContext {
  /** Path of the field in the report, e.g. `fields[3]`. */
  path: string;
  collection: Pick<CollectionDefinition, 'id' | 'name' | 'fields'>;
  /** Every collection of the schema after the change (the one being validated included or not). */
  collections: readonly CollectionDefinition[];
}

export interface FieldTypeDefinition<T extends FieldType> {
  readonly type: T;
  /** Storage class of the values (relations of every kind hold uuids). */
  readonly storage: StorageType;
  /** Whether `sort` may name the field (when it has a column): not for text too long to index, JSON, lists, secrets or files. */
  readonly sortable: boolean;
  /** JSON schema of the options object; shape only, semantics are in `validateOptions`. */
  readonly optionsSchema: JsonSchemaObject;
  /** Checks beyond the shape (min ≤ max, default fits, targets exist); runs once the shape is valid. */
  validateOptions(field: FieldDefinitionOf<T>, context: FieldValidationContext): ValidationIssue[];
  /** The column, or null for virtual fields and fields stored elsewhere (many_to_many). */
  columnType(field: FieldDefinitionOf<T>): ColumnTypeSpec | null;
  /** The SQL DEFAULT expression, rendered with the safe literal renderer, or null. */
  defaultSql(field: FieldDefinitionOf<T>): string | null;
  /** Validates a record value in a create/update body (ajv, draft-07 and 2020-12 compatible). */
  jsonSchema(field: FieldDefinitionOf<T>): JsonSchema;
  /** The value records carry, in the OpenAPI document. */
  openApiSchema(field: FieldDefinitionOf<T>): OpenApiSchema;
  /** The value bodies carry, when it differs from what records carry (files: references, not metadata). */
  openApiWriteSchema?(field: FieldDefinitionOf<T>): OpenApiSchema;
  /** A query-string value typed for comparison with this field. */
  coerceQueryValue(raw: string, field: FieldDefinitionOf<T>): QueryCoercion;
  operators(field: FieldDefinitionOf<T>): readonly FilterOperator[];
  /** The cast from another field's column to this one, or null when the change is not supported. */
  castFrom(from: FieldDefinition, to: FieldDefinitionOf<T>): ColumnCast | null;
  junction(field: FieldDefinitionOf<T>): JunctionSpec | null;
  /** The value's TypeScript types, for the client types `stagecraft gen types` writes. */
  typescript(field: FieldDefinitionOf<T>): TypeScriptMapping;
}
