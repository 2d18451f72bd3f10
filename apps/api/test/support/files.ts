// Helpers for file tests: multipart record writes through fetch's FormData, raw downloads,
// generated images, and a look at the ledger and the store behind the API.

import type { AppConfig } from '@stagecraft/config';
import { createFileStorage, storageSettings, type FileStorage } from '@stagecraft/files';
import type { HttpResult } from '@stagecraft/testing';
import pg from 'pg';
import sharp from 'sharp';

export interface FilePart {
  readonly field: string;
  readonly name: string;
  readonly bytes: Buffer;
  /** What the client claims; the server sniffs the content instead. */
  readonly type?: string;
}

export interface FormInput {
  readonly json?: Record<string, unknown>;
  readonly files?: readonly FilePart[];
  readonly text?: readonly [string, string][];
}

export function formData(input: FormInput): FormData {
  const form = new FormData();
  if (input.json !== undefined) form.append('@json', JSON.stringify(input.json));
  for (const [name, value] of input.text ?? []) form.append(name, value);
  for (const file of input.files ?? []) {
    form.append(file.field, new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
  }
  return form;
}

async function asResult(response: Response): Promise<HttpResult & { bytes: Buffer }> {
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    text,
    body: isJson && text ? JSON.parse(text) : text,
    bytes,
  };
}

/** A multipart create (POST without id) or update (PATCH/PUT with id). */
export async function sendForm(
  baseUrl: string,
  method: 'POST' | 'PATCH' | 'PUT',
  path: string,
  input: FormInput,
  token?: string,
): Promise<HttpResult & { bytes: Buffer }> {
  const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return asResult(await fetch(`${baseUrl}${path}`, { method, headers, body: formData(input) }));
}

/** A GET that keeps the body as bytes, following no redirect. */
export async function download(
  baseUrl: string,
  path: string,
  options: { token?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult & { bytes: Buffer }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return asResult(await fetch(`${baseUrl}${path}`, { headers, redirect: 'manual' }));
}

export const filePath = (collection: string, recordId: string, name: string, query = ''): string =>
  `/api/v1/files/${collection}/${recordId}/${name}${query}`;

export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

export function jpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 20, g: 140, b: 90 } } })
    .jpeg()
    .toBuffer();
}

export interface LedgerRow {
  readonly id: string;
  readonly name: string;
  readonly storage_key: string;
  readonly state: string;
  readonly record_id: string | null;
}

/** The ledger and the store, as the API sees them. */
export interface FileBackstage {
  readonly storage: FileStorage;
  query<T extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  rows(): Promise<LedgerRow[]>;
  row(name: string): Promise<LedgerRow | undefined>;
  /** Every stored key under the collection's folder. */
  keys(collectionId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openBackstage(config: AppConfig): Promise<FileBackstage> {
  const client = new pg.Client({ connectionString: config.database.url });
  await client.connect();
  const storage = createFileStorage(storageSettings(config));
  const rows = async () =>
    (await client.query<LedgerRow>('SELECT id, name, storage_key, state, record_id FROM stagecraft.stored_files')).rows;
  return {
    storage,
    query: async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
      (await client.query<T>(sql, values)).rows,
    rows,
    row: async (name) => (await rows()).find((row) => row.name === name),
    keys: async (collectionId) => {
      const keys: string[] = [];
      for await (const object of storage.list(`${collectionId}/`)) keys.push(object.key);
      return keys.sort();
    },
    close: async () => {
      await client.end();
      await storage.close();
    },
  };
}

export interface TusUpload {
  readonly status: number;
  readonly location: string | null;
  readonly id: string;
  readonly body: string;
}

const b64 = (value: string): string => Buffer.from(value).toString('base64');

/** Starts a tus upload (POST /api/v1/uploads) for a collection's file field. */
export async function startTusUpload(
  baseUrl: string,
  target: { collection?: string; field?: string; filename?: string },
  size: number,
  token?: string,
): Promise<TusUpload> {
  const metadata = Object.entries(target)
    .map(([key, value]) => `${key} ${b64(value)}`)
    .join(',');
  const headers: Record<string, string> = {
    'tus-resumable': '1.0.0',
    'upload-length': String(size),
    'upload-metadata': metadata,
  };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/v1/uploads`, { method: 'POST', headers });
  const location = response.headers.get('location');
  return { status: response.status, location, id: location?.split('/').pop() ?? '', body: await response.text() };
}

/** Sends bytes at an offset (PATCH); returns the status and the offset the server now holds. */
export async function sendTusChunk(
  baseUrl: string,
  id: string,
  offset: number,
  bytes: Buffer,
  token?: string,
): Promise<{ status: number; offset: number; body: string }> {
  const headers: Record<string, string> = {
    'tus-resumable': '1.0.0',
    'upload-offset': String(offset),
    'content-type': 'application/offset+octet-stream',
  };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/v1/uploads/${id}`, { method: 'PATCH', headers, body: bytes });
  return {
    status: response.status,
    offset: Number(response.headers.get('upload-offset') ?? -1),
    body: await response.text(),
  };
}

export async function tusOffset(
  baseUrl: string,
  id: string,
  token?: string,
): Promise<{ status: number; offset: number }> {
  const headers: Record<string, string> = { 'tus-resumable': '1.0.0' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseUrl}/api/v1/uploads/${id}`, { method: 'HEAD', headers });
  return { status: response.status, offset: Number(response.headers.get('upload-offset') ?? -1) };
}
