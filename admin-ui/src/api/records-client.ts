// Records of user collections are defined at run time, so the generated types cannot know
// them: this is a small hand-typed description of the generic records routes for openapi-fetch.

import type { Client } from 'openapi-fetch';
import type { Problem } from './problem';

export type RecordValue = unknown;

/** A record: the system columns plus whatever fields the collection has. */
export interface RecordData {
  id: string;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  version: number;
  expand?: Record<string, RecordData | RecordData[] | null>;
  [field: string]: RecordValue;
}

/** What a file field holds per file (docs/files.md): a single field one or null, a multiple one a list. */
export interface StoredFile {
  /** The stored name: unique, the last segment of the download URL. */
  name: string;
  originalName: string;
  size: number;
  /** Sniffed from the content. */
  type: string;
  checksum: string;
  width?: number;
  height?: number;
}

export interface RecordListMeta {
  limit: number;
  offset?: number;
  cursor?: string;
  nextCursor: string | null;
  total?: number;
}

export interface RecordList {
  data: RecordData[];
  meta: RecordListMeta;
}

export interface ListQuery {
  filter?: string;
  sort?: string;
  fields?: string;
  expand?: string;
  limit?: number;
  offset?: number;
  cursor?: string;
  count?: 'exact' | 'estimated' | 'none';
}

type Json<T> = { content: { 'application/json': T } };
type Failure = { default: { content: { 'application/problem+json': Problem } } };
type CollectionPath = { collection: string };
type RecordPath = { collection: string; id: string };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };

export interface RecordsPaths {
  '/api/v1/collections/{collection}/records': {
    parameters: NoParams;
    get: {
      parameters: { path: CollectionPath; query?: ListQuery };
      responses: { 200: Json<RecordList> } & Failure;
    };
    post: {
      parameters: { path: CollectionPath };
      requestBody: Json<Record<string, unknown>>;
      responses: { 201: Json<{ data: RecordData }> } & Failure;
    };
    delete: {
      parameters: { path: CollectionPath; query: { filter: string } };
      responses: { 200: Json<{ meta: { deleted: number } }> } & Failure;
    };
    patch: {
      parameters: { path: CollectionPath; query: { filter: string } };
      requestBody: Json<Record<string, unknown>>;
      responses: { 200: Json<{ meta: { updated: number } }> } & Failure;
    };
  };
  '/api/v1/collections/{collection}/records/{id}': {
    parameters: NoParams;
    get: {
      parameters: { path: RecordPath; query?: { expand?: string; fields?: string } };
      responses: { 200: Json<{ data: RecordData }> } & Failure;
    };
    patch: {
      parameters: { path: RecordPath; header?: { 'If-Match'?: string } };
      requestBody: Json<Record<string, unknown>>;
      responses: { 200: Json<{ data: RecordData }> } & Failure;
    };
    delete: {
      parameters: { path: RecordPath; header?: { 'If-Match'?: string } };
      responses: { 204: { content?: never } } & Failure;
    };
  };
}

export type RecordsClient = Client<RecordsPaths>;

/** The ETag the API gives a record: its version, quoted. */
export function etagOf(record: Pick<RecordData, 'version'>): string {
  return `"${record.version}"`;
}
