// Big files go ahead of the record write over tus (/api/v1/uploads): in chunks, retried and
// resumed where the server's offset says (also after a reload, from the fingerprint tus keeps
// in localStorage). The finished upload's id is what the record body references.
import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client';
import { ApiError, session } from '../../api';
import { toProblem } from '../../api/problem';

export const UPLOADS_ENDPOINT = '/api/v1/uploads';
/** Files above this go through tus; smaller ones ride in the record's multipart write. */
export const RESUMABLE_THRESHOLD = 5 * 1024 * 1024;
const CHUNK_SIZE = 8 * 1024 * 1024;
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

export interface ResumableUpload {
  collection: string;
  field: string;
  file: File;
  onProgress?: (sent: number, total: number) => void;
  signal?: AbortSignal;
}

/** `/api/v1/uploads/<id>` (relative or absolute) → `<id>`. */
export function uploadIdFromUrl(url: string): string {
  const path = new URL(url, 'http://local').pathname;
  const id = path.slice(path.lastIndexOf('/') + 1);
  if (!path.startsWith(`${UPLOADS_ENDPOINT}/`) || !/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new Error(`Not an upload URL: ${url}`);
  }
  return id;
}

/** A tus failure as a problem: the server's problem document when it answered with one. */
export function uploadProblem(error: Error | DetailedError): ApiError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (response === null) {
    return new ApiError({ status: 0, code: 'UPLOAD_FAILED', detail: `The upload failed: ${error.message}` });
  }
  let body: unknown = undefined;
  try {
    body = JSON.parse(response.getBody());
  } catch {
    // not a problem document
  }
  return new ApiError(toProblem(body, { status: response.getStatus(), statusText: '' }));
}

const bearer = (request: HttpRequest) => request.getHeader('Authorization')?.replace(/^Bearer /, '') ?? null;

/** Uploads the file, resuming an earlier attempt at it; resolves with the upload id. */
export function uploadResumable({ collection, field, file, onProgress, signal }: ResumableUpload): Promise<string> {
  return new Promise((resolve, reject) => {
    // A 401 (the token expired mid-upload) refreshes once for every request waiting on it.
    let refreshing: Promise<unknown> = Promise.resolve();
    const upload = new Upload(file, {
      endpoint: UPLOADS_ENDPOINT,
      metadata: { collection, field, filename: file.name, filetype: file.type },
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: async (request) => {
        await refreshing;
        const token = session.accessToken;
        if (token !== null) request.setHeader('Authorization', `Bearer ${token}`);
      },
      onAfterResponse: (request, response) => {
        const used = bearer(request);
        if (response.getStatus() === 401 && used !== null) refreshing = session.tokenAfterUnauthorized(used);
      },
      onShouldRetry: (error, attempt) => {
        const status = error.originalResponse?.getStatus() ?? 0;
        if (status === 401) return attempt === 0 && session.isSignedIn;
        // As tus's default: a refusal (4xx) is final, except conflicts and locks.
        return (status < 400 || status >= 500 || status === 409 || status === 423) && navigator.onLine;
      },
      onProgress,
      onSuccess: () => {
        try {
          resolve(uploadIdFromUrl(upload.url ?? ''));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      onError: (error) => reject(uploadProblem(error)),
    });
    signal?.addEventListener('abort', () => {
      void upload.abort();
      reject(new ApiError({ status: 0, code: 'ABORTED', detail: 'The upload was cancelled.' }));
    });
    // No stored fingerprints (storage unavailable): start afresh.
    void upload
      .findPreviousUploads()
      .catch(() => [])
      .then((previous) => {
        const earlier = previous[0];
        if (earlier) upload.resumeFromPreviousUpload(earlier);
        upload.start();
      });
  });
}
