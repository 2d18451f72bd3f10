// Public API of @stagecraft/openapi: the records API's OpenAPI 3.1 paths, schemas and tags built
// from collection metadata, the error answers every static operation shares, and the merge into
// the static document @nestjs/swagger builds. The field roles and type stems are shared with the
// client types (libs/client-codegen), so both describe records alike.
export { buildRecordsOpenApi } from './build-records-openapi.js';
export { completeStaticOperations } from './complete-static-operations.js';
export { mergeOpenApi } from './merge-openapi.js';
export type { MergeableOpenApiDocument, MergedOpenApiDocument } from './merge-openapi.js';
export type {
  GeneratedComponents,
  GeneratedOpenApi,
  OperationObject,
  ParameterObject,
  PathItemObject,
  RecordsOpenApiOptions,
  ResponseObject,
  SchemaObject,
  TagObject,
} from './openapi-types.js';
export { isExpandable, isReadable, isRequiredOnCreate, isWritable, orderedFields } from './field-roles.js';
export { typeStems } from './names.js';
