// Resumable uploads over the small part of tus 1.0 that /api/v1/uploads needs: create with the
// size and the target field, send chunks at the offset the server holds, and after a failure
// ask it (HEAD) where it stands and go on from there. Nothing received is sent twice.

import { base64 } from './auth/pkce.js';
import type { Http } from './http.js';
import { errorOf, StagecraftError } from './problem.js';

export interface UploadOptions {
  /** Kept as the file's original name; a File's own name by default. */
  readonly filename?: string;
  /** Bytes per request; 5 MiB by default. */
  readonly chunkSize?: number;
  readonly onProgress?: (sent: number, total: number) => void;
  /** Called with the upload's id once it exists: keep it to `resume` after a reload. */
  readonly onCreated?: (id: string) => void;
  /** The id of an upload begun earlier, to continue where it stopped. */
  readonly resume?: string;
  /** How many failed requests in a row are tried again (5 by default). */
  readonly retries?: number;
  readonly signal?: AbortSignal;
}

/** What a record body puts in the file field's place. */
export interface UploadReference {
  readonly upload: string;
}

const UPLOADS = '/api/v1/uploads';
const TUS = { 'tus-resumable': '1.0.0' };

async function tus(http: Http, method: string, path: string, headers: object, body?: Blob, signal?: AbortSignal) {
  const response = await http.send(method, path, { headers: { ...TUS, ...headers }, body, signal });
  if (!response.ok) throw await errorOf(response);
  return response;
}

const offsetOf = async (http: Http, path: string, signal?: AbortSignal): Promise<number> =>
  Number((await tus(http, 'HEAD', path, {}, undefined, signal)).headers.get('upload-offset'));

/** A refusal to stop at: anything below 500 but a lost race on the offset (409) or a timeout. */
const isFinal = (error: unknown): boolean =>
  error instanceof StagecraftError && error.status < 500 && ![408, 409, 423, 429].includes(error.status);

export async function uploadResumable(
  http: Http,
  target: { readonly collection: string; readonly field: string },
  file: Blob,
  options: UploadOptions = {},
): Promise<UploadReference> {
  const { signal, chunkSize = 5 * 2 ** 20, retries = 5 } = options;
  let id = options.resume;
  if (id === undefined) {
    const filename = options.filename ?? (file as { name?: string }).name;
    const metadata = Object.entries({ ...target, filename })
      .flatMap(([key, value]) => (value ? [`${key} ${base64(new TextEncoder().encode(value))}`] : []))
      .join(',');
    const created = await tus(http, 'POST', UPLOADS, { 'upload-length': `${file.size}`, 'upload-metadata': metadata });
    id = (created.headers.get('location') ?? '').split('/').pop() ?? '';
    options.onCreated?.(id);
  }
  const path = `${UPLOADS}/${id}`;
  let offset = options.resume === undefined ? 0 : await offsetOf(http, path, signal);
  let failures = 0;
  while (offset < file.size) {
    try {
      const chunk = file.slice(offset, offset + chunkSize);
      const headers = { 'upload-offset': `${offset}`, 'content-type': 'application/offset+octet-stream' };
      const answer = (await tus(http, 'PATCH', path, headers, chunk, signal)).headers.get('upload-offset');
      offset = answer === null ? offset + chunk.size : Number(answer);
      failures = 0;
      options.onProgress?.(offset, file.size);
    } catch (error) {
      if (signal?.aborted || isFinal(error) || ++failures > retries) throw error;
      await new Promise((resume) => setTimeout(resume, 250 * 2 ** failures));
      offset = await offsetOf(http, path, signal);
    }
  }
  return { upload: id };
}
