// The Test panel's inputs → ctx.request, with each mistake named at its input.
import { describe, expect, it } from 'vitest';
import { buildTestRequest, emptyTestRequest, queryOf } from './test-request';

describe('buildTestRequest', () => {
  it('sends the bare route with no query, headers or body by default', () => {
    expect(buildTestRequest(emptyTestRequest())).toEqual({
      request: { method: 'POST', path: '/', query: {}, headers: {}, body: null },
    });
  });

  it('parses the query, the header lines and the JSON body', () => {
    const built = buildTestRequest({
      method: 'PUT',
      path: ' /orders/7 ',
      query: '?name=Ada&tag=a&tag=b&empty=',
      headers: 'X-Trace: abc\n\ncontent-type:  application/json ',
      body: '{ "total": 12, "items": [1, 2] }',
    });
    expect(built.request).toEqual({
      method: 'PUT',
      path: '/orders/7',
      query: { name: 'Ada', tag: ['a', 'b'], empty: '' },
      headers: { 'x-trace': 'abc', 'content-type': 'application/json' },
      body: { total: 12, items: [1, 2] },
    });
  });

  it('takes any JSON value as the body', () => {
    expect(buildTestRequest({ ...emptyTestRequest(), body: '"text"' }).request?.body).toBe('text');
    expect(buildTestRequest({ ...emptyTestRequest(), body: '[]' }).request?.body).toEqual([]);
  });

  it('names every mistake at its input', () => {
    const built = buildTestRequest({
      method: 'GET',
      path: 'orders',
      query: '',
      headers: 'x-ok: 1\nno colon here',
      body: '{ total: 1 }',
    });
    expect(built.request).toBeUndefined();
    expect(built.errors).toEqual({
      path: 'Starts with /',
      headers: 'Line 2: write name: value',
      body: expect.stringMatching(/^Not valid JSON: /),
    });
  });
});

describe('queryOf', () => {
  it('decodes names and values', () => {
    expect(queryOf('q=a%20b&x+y=1')).toEqual({ q: 'a b', 'x y': '1' });
  });
});
