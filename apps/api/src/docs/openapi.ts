// The OpenAPI document for the static endpoints, served with Swagger UI at /api/docs and as
// JSON at /api/docs/openapi.json, merged on each request with the records API generated from
// the current schema (LiveDocumentService).

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME } from '@stagecraft/auth';
import type { AppConfig } from '@stagecraft/config';
import { completeStaticOperations } from '@stagecraft/openapi';
import { LiveDocumentService } from './live-document.service.js';

export const DOCS_PATH = 'api/docs';
export const DOCUMENT_PATH = `${DOCS_PATH}/openapi.json`;

/** The tags the controllers use, declared so the document says what each group is. */
const TAGS: readonly (readonly [name: string, description: string])[] = [
  ['auth', 'Sign-up, sign-in, tokens, the signed-in user, email verification and password reset.'],
  [
    'auth-providers',
    'Sign-in providers (OAuth 2 and OpenID Connect), their test sign-in, and sign-in settings (redirect allowlist, roles that must use MFA). For admins.',
  ],
  ['users', 'User management, for admins.'],
  [
    'mailbox',
    'The development mailbox, for admins: email captured instead of sent while SMTP_URL is unset (docs/email.md).',
  ],
  ['api-keys', 'API keys for server-side clients, for admins.'],
  ['collections', 'Collections and their fields: each is a real table, its records API live at once. For admins.'],
  ['schema', 'Schema as code: a snapshot of every collection, the plan a snapshot would run, and applying one.'],
  [
    'webhooks',
    'Webhooks, their delivery logs and redelivery, for admins; the requests receivers get are under `webhooks`.',
  ],
  ['jobs', 'Background queues and jobs, for admins: counts, failures, retries, export downloads.'],
  ['imports-exports', 'Bulk import of records from files, and export to files, run by the worker.'],
  [
    'realtime',
    'Live record changes over server-sent events and WebSocket (`/api/v1/realtime/ws`), under each subscriber’s rules.',
  ],
  [
    'files',
    'Downloads and thumbnails of file fields under the record’s view rule, and file tokens for links; uploads ride on record writes.',
  ],
  [
    'functions',
    'Functions: sandboxed TypeScript or JavaScript deployed through the API, called over HTTP (`/functions/{name}/invoke`), with versions, secrets and an invocation log.',
  ],
  [
    'graphql',
    'GraphQL over HTTP: every collection’s records as queries and mutations, under the same rules, validation and events as REST. Subscriptions run over WebSocket (graphql-ws) at `/api/v1/graphql/ws`.',
  ],
  ['ops', 'Health probes and Prometheus metrics for operators.'],
];

export function buildStaticDocument(app: INestApplication, config: AppConfig): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Stagecraft API')
    .setDescription(
      'Collections, records, auth and jobs of this Stagecraft instance. Errors are RFC 9457 problem documents (`application/problem+json`).',
    )
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addServer(config.publicUrl)
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'Access token from /auth/login: a short-lived HS256 JWT, issued and checked per RFC8725 (the algorithm pinned, issuer, audience and expiry verified, the session checked to be open).',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (also accepted as a bearer token)' },
      API_KEY_SCHEME,
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build());
  if (config.metricsToken !== undefined) requireMetricsToken(document);
  // The servers are this instance's public URL, meant for outside clients.
  document.servers = document.servers?.map((server) => ({ ...server, 'x-internal': false }));
  return completeStaticOperations(document);
}

const METRICS_TOKEN_SCHEME = 'metricsToken';

/** With METRICS_TOKEN set, /metrics documents its bearer token and the 401 without it. */
function requireMetricsToken(document: OpenAPIObject): void {
  const operation = document.paths['/metrics']?.get;
  if (!operation) return;
  document.components = {
    ...document.components,
    securitySchemes: {
      ...document.components?.securitySchemes,
      [METRICS_TOKEN_SCHEME]: { type: 'http', scheme: 'bearer', description: 'The value of METRICS_TOKEN' },
    },
  };
  operation.security = [{ [METRICS_TOKEN_SCHEME]: [] }];
  operation.responses['401'] = { description: 'The request does not carry METRICS_TOKEN' };
}

export function mountDocs(app: INestApplication, config: AppConfig): void {
  const document = buildStaticDocument(app, config);
  const live = app.get(LiveDocumentService);
  SwaggerModule.setup(DOCS_PATH, app, document, {
    patchDocumentOnRequest: (_request, _reply, staticDocument) => live.document(staticDocument),
    jsonDocumentUrl: DOCUMENT_PATH,
    yamlDocumentUrl: `${DOCS_PATH}/openapi.yaml`,
    customSiteTitle: 'Stagecraft API docs',
    useGlobalPrefix: false,
  });
}
