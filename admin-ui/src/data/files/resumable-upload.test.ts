// What the console takes from tus: the upload id in its URL, and the server's problem on failure.
import type { DetailedError, HttpResponse } from 'tus-js-client';
import { describe, expect, it } from 'vitest';
import { uploadIdFromUrl, uploadProblem } from './resumable-upload';

const response = (status: number, body: string): HttpResponse => ({
  getStatus: () => status,
  getHeader: () => undefined,
  getBody: () => body,
  getUnderlyingObject: () => null,
});

describe('resumable uploads', () => {
  it.each([
    ['/api/v1/uploads/AbC_12-x', 'AbC_12-x'],
    ['http://127.0.0.1:8080/api/v1/uploads/abc123', 'abc123'],
  ])('the upload id of %s is %s', (url, id) => {
    expect(uploadIdFromUrl(url)).toBe(id);
  });

  it.each(['', '/api/v1/other/abc', '/api/v1/uploads/', '/api/v1/uploads/a.b'])('%j is not an upload URL', (url) => {
    expect(() => uploadIdFromUrl(url)).toThrow('Not an upload URL');
  });

  it("turns a refusal into the server's problem document", () => {
    const problem = { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'video accepts files of at most 10 bytes.' };
    const error = Object.assign(new Error('tus: unexpected response'), {
      originalRequest: null,
      originalResponse: response(413, JSON.stringify(problem)),
      causingError: null,
    }) as unknown as DetailedError;
    expect(uploadProblem(error).problem).toMatchObject(problem);
  });

  it('a failure without an answer (offline) says the upload failed', () => {
    expect(uploadProblem(new Error('network down')).problem).toMatchObject({
      status: 0,
      detail: 'The upload failed: network down',
    });
  });
});
