import type { FastifyRequest } from 'fastify';
import { translateError } from './problem-exception.filter.js';

const request = (method: string): FastifyRequest =>
  ({ method, url: '/api/v1/anything', routeOptions: { url: '/api/v1/anything' } }) as unknown as FastifyRequest;
const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

describe('translateError: database connection failures that reach the edge unmapped', () => {
  it('answers a read with 503 DATABASE_UNAVAILABLE, Retry-After, and nothing changed', () => {
    expect(translateError(terminated, request('GET'))).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      headers: { 'retry-after': '2' },
      detail: expect.stringMatching(/nothing was changed/),
    });
  });

  it('tells the sender of a change that it may or may not have been saved', () => {
    expect(translateError(new Error('Connection terminated unexpectedly'), request('POST'))).toMatchObject({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      detail: expect.stringMatching(/may or may not have been saved/),
    });
  });

  it('still answers any other unexpected error with a 500', () => {
    expect(translateError(Object.assign(new Error('boom'), { code: '42601' }), request('GET'))).toMatchObject({
      status: 500,
      code: 'INTERNAL_ERROR',
    });
  });
});
