// Public API of @stagecraft/openapi: the records API's OpenAPI 3.1 paths, schemas and tags built
// from collection metadata, the error answers every static operation shares, and the merge into
// the static document @nestjs/swagger builds.
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
