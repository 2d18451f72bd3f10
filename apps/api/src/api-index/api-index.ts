// What GET /api/v1 lists: the links a person (or a client) that opened the API's root URL
// needs next. Pure, so the list is checked without a server.

import type { ApiIndexDto, ApiLinkDto } from './api-index.dto.js';

export interface ServedPages {
  /** Whether the console is served (at /admin/). */
  readonly console: boolean;
  /** Whether GraphiQL is served (at /api/graphql). */
  readonly graphiql: boolean;
}

export function buildApiIndex(publicUrl: string, served: ServedPages): ApiIndexDto {
  const api = `${publicUrl}/api/v1`;
  const link = (href: string, title: string): ApiLinkDto => ({ href, title });
  return {
    name: 'Stagecraft API',
    version: '1',
    links: {
      docs: link(`${publicUrl}/api/docs`, 'Swagger UI: every route, with the records API of each collection'),
      openapi: link(`${publicUrl}/api/docs/openapi.json`, 'The OpenAPI 3.1 document, for clients and code generators'),
      setup: link(`${api}/auth/setup`, 'Whether the first admin is still to be created (GET), and creating it (POST)'),
      register: link(`${api}/auth/register`, 'Sign up (POST)'),
      login: link(`${api}/auth/login`, 'Sign in for an access and a refresh token (POST)'),
      me: link(`${api}/auth/me`, 'The signed-in user'),
      collections: link(
        `${api}/collections`,
        'Collections (admins); the records of each at /collections/{name}/records',
      ),
      realtime: link(`${api}/realtime`, 'Live record changes over server-sent events'),
      graphql: link(`${api}/graphql`, 'GraphQL over HTTP: queries and mutations (POST), queries (GET)'),
      health: link(`${publicUrl}/health/ready`, 'Readiness of this instance'),
      ...(served.console ? { console: link(`${publicUrl}/admin/`, 'The admin console') } : {}),
      ...(served.graphiql
        ? { graphiql: link(`${publicUrl}/api/graphql`, 'GraphiQL, to explore the GraphQL API') }
        : {}),
    },
  };
}
