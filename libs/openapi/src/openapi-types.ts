// The slice of OpenAPI 3.1 this library produces, as plain structural types, so the lib stays
// independent of @nestjs/swagger while its output still merges into Nest's document.
import type { JsonValue, OpenApiSchema } from '@stagecraft/schema';

type SchemaTypeName = Exclude<OpenApiSchema['type'], undefined | readonly unknown[]>;

/** A JSON Schema 2020-12 object as OpenAPI 3.1 uses it; `$ref` may sit beside other keywords. */
export interface SchemaObject {
  $ref?: string;
  type?: SchemaTypeName | SchemaTypeName[];
  format?: string;
  enum?: JsonValue[];
  const?: JsonValue;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  title?: string;
  description?: string;
  default?: JsonValue;
  readOnly?: boolean;
  writeOnly?: boolean;
  example?: JsonValue;
}

export type Schema = SchemaObject | boolean;

export interface ReferenceObject {
  $ref: string;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  description?: string;
  required?: boolean;
  schema: SchemaObject;
  example?: JsonValue;
}

export interface HeaderObject {
  description?: string;
  required?: boolean;
  schema: SchemaObject;
}

export interface MediaTypeObject {
  schema: SchemaObject;
  example?: JsonValue;
  /** For multipart bodies: how a part is encoded (e.g. the `@json` part's content type). */
  encoding?: Record<string, { contentType: string }>;
}

export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject>;
  content?: Record<string, MediaTypeObject>;
}

export interface RequestBodyObject {
  description?: string;
  required: boolean;
  content: Record<string, MediaTypeObject>;
}

/** Scheme name → scopes; the empty requirement `{}` means "no credentials needed". */
export type SecurityRequirement = Record<string, string[]>;

export interface OperationObject {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  parameters?: (ParameterObject | ReferenceObject)[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
  security: SecurityRequirement[];
}

export interface PathItemObject {
  parameters?: (ParameterObject | ReferenceObject)[];
  get?: OperationObject;
  post?: OperationObject;
  put?: OperationObject;
  patch?: OperationObject;
  delete?: OperationObject;
}

export interface TagObject {
  name: string;
  description?: string;
}

export interface GeneratedComponents {
  schemas: Record<string, SchemaObject>;
  parameters: Record<string, ParameterObject>;
  responses: Record<string, ResponseObject>;
}

/** What buildRecordsOpenApi returns: fragments for mergeOpenApi to add to the static document. */
export interface GeneratedOpenApi {
  paths: Record<string, PathItemObject>;
  /** What webhook receivers are sent (OpenAPI 3.1 `webhooks`). */
  webhooks: Record<string, PathItemObject>;
  components: GeneratedComponents;
  tags: TagObject[];
}

export interface RecordsOpenApiOptions {
  /** The instance's public base URL (PUBLIC_URL), used in the examples of descriptions. */
  publicUrl: string;
  /** The most records one create may carry (BULK_CREATE_MAX); default 500, its default. */
  bulkCreateMax?: number;
}
