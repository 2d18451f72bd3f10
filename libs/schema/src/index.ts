// Public API of @stagecraft/schema: collection metadata, the field-type registry, validation of
// definitions, and the pure planner (metadata before/after → ordered actions → SQL, pre-checks).
export { CACHE_TTL_MAX_SECONDS, RULE_ACTIONS } from './metadata/collection-definition.js';
export type {
  CollectionCacheSettings,
  CollectionDefinition,
  CollectionRules,
  RuleAction,
} from './metadata/collection-definition.js';
export type { FieldDefinition, FieldDefinitionOf } from './metadata/field-definition.js';
export type * from './metadata/field-options.js';
export { FIELD_TYPE_NAMES, isFieldType } from './metadata/field-type-name.js';
export type { FieldType } from './metadata/field-type-name.js';
export { FILTER_OPERATORS } from './metadata/storage-type.js';
export type { FilterOperator, StorageType } from './metadata/storage-type.js';
export { DATA_SCHEMA, SYSTEM_COLUMN_NAMES, USERS_COLLECTION, isSystemColumnName } from './metadata/system-columns.js';
export type { SystemColumnName } from './metadata/system-columns.js';
export { NAME_PATTERN, nameProblem } from './metadata/names.js';
export { renameCollection } from './metadata/rename-collection.js';
export { API_RESERVED_NAMES, POSTGRES_RESERVED_WORDS } from './metadata/reserved-words.js';

export { UnsafeIdentifierError, qualifiedTable, quoteIdent } from './sql/quote-ident.js';
export { UnsafeLiteralError, quoteLiteral } from './sql/quote-literal.js';
export { CHECK_KINDS, fieldIdShort, objectNames } from './sql/object-names.js';
export type { CheckKind } from './sql/object-names.js';
export type { JsonSchema, JsonSchemaObject, OpenApiSchema } from './json-schema/json-schema.js';
export { createAjv } from './json-schema/ajv-instance.js';
export { ajvPredicate } from './json-schema/ajv-wording.js';

export type {
  CheckSpec,
  ColumnCast,
  ColumnTypeSpec,
  FieldTypeDefinition,
  FieldValidationContext,
  JunctionSpec,
  QueryCoercion,
} from './field-types/field-type-definition.js';
export { FIELD_TYPES, fieldTypeOf, getFieldType } from './field-types/registry.js';
export { NOT_BLANK_PATTERN } from './field-types/check-specs.js';
export {
  DEFAULT_MAX_FILES,
  FILE_OBJECT,
  FILE_REFERENCE,
  FILE_UPLOAD_REFERENCE,
  STORED_FILE_NAME,
  MAX_FILES_PER_FIELD,
  MAX_THUMB_SIDE,
  THUMB_PRESET_PATTERN,
  maxFilesOf,
} from './field-types/file.field-type.js';
export type { FieldTypeRegistry } from './field-types/registry.js';
export {
  coerceFieldQueryValue,
  fieldJsonSchema,
  fieldOpenApiSchema,
  fieldOpenApiWriteSchema,
  fieldOperators,
  fieldSortable,
  fieldStorage,
  fieldTypeScript,
  hasColumn,
} from './field-types/field-accessors.js';
export { CLIENT_TYPE_NAMES, tsNullable, tsStringLiteral, tsUnion } from './field-types/typescript-types.js';
export type { TypeScriptMapping } from './field-types/typescript-types.js';

export { ISSUE_CODES } from './validation/validation-issue.js';
export type { IssueCode, ValidationIssue } from './validation/validation-issue.js';
export { validateFieldDefinition } from './validation/validate-field.js';
export { validateCollectionDefinition } from './validation/validate-collection.js';
export { validateSchema } from './validation/validate-schema.js';
export { validateSchemaChange } from './validation/validate-schema-change.js';

export { planSchemaChange } from './planner/plan-schema-change.js';
export { actionToSql, actionsToSql } from './planner/actions-to-sql.js';
export { columnChange } from './planner/column-cast.js';
export type { ColumnChange } from './planner/column-cast.js';
export { SchemaPlanError } from './planner/schema-plan-error.js';
export type { SchemaPlanErrorCode } from './planner/schema-plan-error.js';
export type { ColumnSql, SchemaAction, SchemaActionType } from './planner/schema-action.js';

export {
  PRECHECK_SAMPLE_SIZE,
  buildCastPrecheckSql,
  buildCheckPrecheckSql,
  buildDuplicatePrecheckSql,
  buildExistingRowsPrecheckSql,
  buildNullRowsPrecheckSql,
  buildOffendingRowsSql,
} from './prechecks/precheck-sql.js';
export type { PrecheckResult } from './prechecks/precheck-sql.js';
export { planPrechecks, precheckForAction } from './prechecks/plan-prechecks.js';
export type { DataPrecheck, PrecheckKind } from './prechecks/plan-prechecks.js';
