import { completeStaticOperations } from './complete-static-operations.js';

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

const staticDocument = () => ({
  paths: {
    '/api/v1/auth/login': {
      post: {
        responses: {
          '200': { description: 'Signed in', content: { 'application/json': { schema: { type: 'object' } } } },
          '401': { description: 'Wrong email or password' },
          '429': { description: 'Too many attempts' },
        },
      },
    },
    '/health/live': { get: { responses: { '200': { description: 'Alive' } } } },
    '/api/v1/users/{id}': {
      parameters: [{ name: 'id', in: 'path' }],
      delete: {
        responses: {
          '204': { description: 'Deleted' },
          '404': { $ref: '#/components/responses/ProblemNotFound' },
          '500': { description: 'Declared by the route itself' },
        },
      },
    },
  },
});

describe('completeStaticOperations', () => {
  const completed = completeStaticOperations(staticDocument());
  const login: Record<string, unknown> = completed.paths['/api/v1/auth/login'].post.responses;
  const remove: Record<string, unknown> = completed.paths['/api/v1/users/{id}'].delete.responses;

  it('gives error responses the problem document, and a 429 its Retry-After', () => {
    expect(login['401']).toEqual({ description: 'Wrong email or password', content: PROBLEM });
    expect(login['429']).toMatchObject({ content: PROBLEM, headers: { 'Retry-After': expect.any(Object) } });
  });

  it('leaves success responses, references and what the route declares alone', () => {
    expect(login['200']).toEqual(staticDocument().paths['/api/v1/auth/login'].post.responses['200']);
    expect(remove['204']).toEqual({ description: 'Deleted' });
    expect(remove['404']).toEqual({ $ref: '#/components/responses/ProblemNotFound' });
    expect(remove['500']).toEqual({ description: 'Declared by the route itself', content: PROBLEM });
    expect(completed.paths['/api/v1/users/{id}'].parameters).toEqual([{ name: 'id', in: 'path' }]);
  });

  it('adds the 500 problem to every operation', () => {
    expect(login['500']).toEqual({ $ref: '#/components/responses/ProblemInternalError' });
  });

  it('adds the database-unavailable 503 to operations that reach the database', () => {
    expect(login['503']).toEqual({ $ref: '#/components/responses/ProblemDatabaseUnavailable' });
    expect(remove['503']).toEqual({ $ref: '#/components/responses/ProblemDatabaseUnavailable' });
    expect(completed.paths['/health/live'].get.responses).not.toHaveProperty('503');
  });

  it('does not change its input', () => {
    const input = staticDocument();
    completeStaticOperations(input);
    expect(input).toEqual(staticDocument());
  });
});
