// Multipart requests with upload progress: fetch reports none, so these go by XMLHttpRequest,
// with the same bearer token and the same single retry after a refresh as the typed client.

import type { AuthSession } from './auth-session';
import { ApiError, toProblem } from './problem';

export interface FormRequest {
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  body: FormData;
  headers?: Record<string, string>;
  /** Bytes of the body sent so far, of `total`. */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborts the upload (the form closed). */
  signal?: AbortSignal;
}

interface Answer {
  status: number;
  statusText: string;
  body: unknown;
}

export type XhrFactory = () => XMLHttpRequest;

const cancelled = () => new ApiError({ status: 0, code: 'ABORTED', detail: 'The upload was cancelled.' });

function send(request: FormRequest, token: string | null, createXhr: XhrFactory): Promise<Answer> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(cancelled());
      return;
    }
    const xhr = createXhr();
    xhr.open(request.method, request.url);
    if (token !== null) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) request.onProgress?.(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = xhr.responseText;
      if (/json/.test(xhr.getResponseHeader('content-type') ?? '') && xhr.responseText !== '') {
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // left as text: toProblem makes a problem of the status
        }
      }
      resolve({ status: xhr.status, statusText: xhr.statusText, body });
    });
    // A server that refuses a body mid-way (a file over its cap) may close the connection before
    // the browser reads the answer: all the page sees is a network error.
    xhr.addEventListener('error', () =>
      reject(
        new ApiError({
          status: 0,
          code: 'NETWORK_ERROR',
          detail: 'The upload was cut off before the server answered (too large a file, or the connection dropped).',
        }),
      ),
    );
    xhr.addEventListener('abort', () => reject(cancelled()));
    request.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(request.body);
  });
}

/** The JSON body of a successful answer, or an ApiError with the problem document. */
export async function sendForm<T>(
  session: AuthSession,
  request: FormRequest,
  createXhr: XhrFactory = () => new XMLHttpRequest(),
): Promise<T> {
  const token = session.accessToken;
  let answer = await send(request, token, createXhr);
  if (answer.status === 401 && token !== null) {
    const fresh = await session.tokenAfterUnauthorized(token);
    if (fresh !== null) answer = await send(request, fresh, createXhr);
  }
  if (answer.status < 200 || answer.status >= 300) throw new ApiError(toProblem(answer.body, answer));
  return answer.body as T;
}
