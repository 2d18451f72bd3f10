// The one list of Stagecraft's environment variables: name, type, default, description, secrecy.
// The loader validates against it and the README's configuration table is checked against it.

export type VariableType = 'string' | 'integer' | 'boolean' | 'url' | 'enum' | 'list';

export interface VariableSpec {
  readonly type: VariableType;
  readonly description: string;
  /** Used when the variable is unset; `undefined` means the setting stays unset. */
  readonly default?: string;
  readonly secret?: boolean;
  readonly values?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** For URLs: the schemes accepted. */
  readonly protocols?: readonly string[];
}

export const variables = {
  NODE_ENV: {
    type: 'enum',
    values: ['development', 'production', 'test'],
    default: 'development',
    description: 'Runtime mode. `production` enforces strict secrets.',
  },
  HOST: {
    type: 'string',
    default: '0.0.0.0',
    description:
      'Interface the API listens on. `npm start` in development listens on `127.0.0.1` unless `HOST` is set, so that nobody else on the network can create the first admin before you do.',
  },
  PORT: { type: 'integer', default: '8080', min: 1, max: 65535, description: 'Port the API (and console) listen on.' },
  PUBLIC_URL: {
    type: 'url',
    protocols: ['http:', 'https:'],
    default: 'http://localhost:8080',
    description:
      'The URL clients use to reach the API; used in links and the OpenAPI servers list. Unset under `npm start`: `http://localhost:$PORT`.',
  },
  DATABASE_URL: {
    type: 'url',
    protocols: ['postgres:', 'postgresql:'],
    secret: true,
    description:
      'PostgreSQL connection string. Unset under `npm start`: an embedded PostgreSQL is started with its data in `DATA_DIR`.',
  },
  DATABASE_POOL_SIZE: { type: 'integer', default: '10', min: 1, max: 200, description: 'Connections per process.' },
  DATABASE_MIGRATE_ON_START: {
    type: 'boolean',
    default: 'true',
    description: 'Apply pending system-table migrations when a process starts (under an advisory lock).',
  },
  EMBEDDED_POSTGRES_PORT: {
    type: 'integer',
    default: '54329',
    min: 1,
    max: 65535,
    description: 'Port of the embedded PostgreSQL that `npm start` runs when `DATABASE_URL` is unset.',
  },
  DATA_DIR: {
    type: 'string',
    default: './.data',
    description: 'Where `npm start` keeps embedded PostgreSQL and Redis data.',
  },
  REDIS_URL: {
    type: 'url',
    protocols: ['redis:', 'rediss:'],
    default: 'redis://127.0.0.1:6379',
    secret: true,
    description: 'Redis for queues, cache invalidation and rate limits.',
  },
  REDIS_PREFIX: { type: 'string', default: 'stagecraft', description: 'Prefix of every Redis key and BullMQ queue.' },
  REDIS_TLS_CA_FILE: {
    type: 'string',
    description:
      'PEM file of the CA that signed the Redis server’s certificate, for a `rediss://` `REDIS_URL` (unset: the system’s CAs). The certificate must name the URL’s host.',
  },
  LOG_LEVEL: {
    type: 'enum',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    default: 'info',
    description: 'Minimum level of the logs.',
  },
  LOG_FORMAT: {
    type: 'enum',
    values: ['pretty', 'json'],
    description:
      '`json`: one JSON object per line (pino). `pretty`: one short readable line per event, for a terminal. Unset: `pretty` when stdout is a terminal outside production, `json` otherwise.',
  },
  CORS_ORIGINS: {
    type: 'list',
    default: '',
    description:
      'Comma-separated origins allowed by CORS (`*` for any). Empty: cross-origin requests get no CORS headers.',
  },
  BODY_LIMIT_BYTES: {
    type: 'integer',
    default: '1048576',
    min: 1024,
    description: 'Largest accepted request body; larger ones get a 413 problem.',
  },
  BODY_MAX_DEPTH: {
    type: 'integer',
    default: '32',
    min: 8,
    max: 512,
    description:
      'Deepest nesting of objects and arrays accepted in a JSON request body, checked before it is parsed; deeper ones get a 400 `BODY_TOO_DEEP` problem. Bodies that carry `json` field values (records, field defaults) may nest `JSON_MAX_DEPTH` levels plus their own envelope instead.',
  },
  JSON_MAX_DEPTH: {
    type: 'integer',
    default: '64',
    min: 1,
    max: 512,
    description:
      'Deepest nesting of objects and arrays in one `json` field value (record writes, imports, field defaults); deeper values are refused with a 400.',
  },
  BODY_DRAIN_MAX_BYTES: {
    type: 'integer',
    default: '8388608',
    min: 0,
    description:
      'When a request is answered before its body was read (a 413, a refused upload), up to this many more bytes are read and discarded first, so the client can read the answer instead of a connection reset.',
  },
  BODY_DRAIN_TIMEOUT_MS: {
    type: 'integer',
    default: '5000',
    min: 0,
    max: 60000,
    description:
      'How long the server waits for the rest of such a body before answering anyway; then the connection is half-closed and closed after at most this long again.',
  },
  METRICS_TOKEN: {
    type: 'string',
    secret: true,
    description:
      'When set, `GET /metrics` answers only requests with `Authorization: Bearer <METRICS_TOKEN>` (at least 16 characters). Unset: it is open; keep it on an internal network.',
  },
  TRUST_PROXY: {
    type: 'boolean',
    default: 'false',
    description: 'Trust `X-Forwarded-*` headers (set when behind a reverse proxy).',
  },
  SHUTDOWN_TIMEOUT_MS: {
    type: 'integer',
    default: '10000',
    min: 0,
    description: 'How long a stopping process waits for in-flight work before it exits anyway.',
  },
  SHUTDOWN_READINESS_DELAY_MS: {
    type: 'integer',
    default: '0',
    min: 0,
    max: 60000,
    description:
      'How long a stopping API answers 503 on /health/ready before it closes realtime connections and stops taking requests, so a load balancer sends new work elsewhere first.',
  },
  WORKER_HEARTBEAT_INTERVAL_MS: {
    type: 'integer',
    default: '5000',
    min: 100,
    description: 'How often the worker records that it is alive.',
  },
  WORKER_HEARTBEAT_MAX_AGE_MS: {
    type: 'integer',
    default: '30000',
    min: 1000,
    description: 'Readiness fails when the newest worker heartbeat is older than this.',
  },
  WORKER_HEALTH_PORT: {
    type: 'integer',
    min: 1,
    max: 65535,
    description: 'If set, the worker serves `/health/live` and `/health/ready` on this port.',
  },
  ADMIN_UI_DIR: {
    type: 'string',
    default: './admin-ui/dist',
    description: 'The built console, served at `/admin` (and `/` redirects there) when the directory exists.',
  },
  JWT_SECRET: {
    type: 'string',
    secret: true,
    description:
      'HMAC key for access tokens, at least 32 bytes; required in production. Outside production, when unset, one is generated once and kept in the database.',
  },
  SECRET_FIELDS_KEY: {
    type: 'string',
    secret: true,
    description:
      'Key (32+ bytes) that encrypts `secret` fields with AES-256-GCM; required in production. Outside production, when unset, one is generated once and kept in the database.',
  },
  JWT_ISSUER: {
    type: 'string',
    default: 'stagecraft',
    description: 'The `iss` claim of access tokens, checked on every request.',
  },
  JWT_AUDIENCE: {
    type: 'string',
    default: 'stagecraft-api',
    description: 'The `aud` claim of access tokens, checked on every request.',
  },
  ACCESS_TOKEN_TTL_SECONDS: {
    type: 'integer',
    default: '900',
    min: 30,
    description: 'Lifetime of an access token (JWT).',
  },
  REFRESH_TOKEN_TTL_SECONDS: {
    type: 'integer',
    default: '604800',
    min: 60,
    description: 'Lifetime of a refresh token; each use rotates it.',
  },
  REFRESH_REUSE_GRACE_SECONDS: {
    type: 'integer',
    default: '10',
    min: 0,
    description:
      'A refresh token used again within this window (concurrent tabs) still works; later reuse revokes its whole session.',
  },
  AUTH_SESSION_CACHE_MS: {
    type: 'integer',
    default: '5000',
    min: 0,
    max: 60000,
    description:
      'How long a process trusts that a session is open without asking the database again. Revocations reach every process at once through Redis; this bounds the delay when Redis is down. 0 checks every request.',
  },
  AUTH_REGISTRATION_ENABLED: {
    type: 'boolean',
    default: 'true',
    description: 'Whether anyone may register (`POST /api/v1/auth/register`); off answers 403.',
  },
  PASSWORD_MIN_LENGTH: { type: 'integer', default: '10', min: 8, max: 128, description: 'Shortest accepted password.' },
  RATE_LIMIT_AUTH_PER_IP: {
    type: 'integer',
    default: '30',
    min: 1,
    description:
      'Login, register, refresh, setup and second-factor (MFA, passkey) attempts allowed per client IP in each window.',
  },
  RATE_LIMIT_AUTH_PER_ACCOUNT: {
    type: 'integer',
    default: '10',
    min: 1,
    description: 'Login attempts per account (email), and wrong second-factor codes per user, allowed in each window.',
  },
  RATE_LIMIT_WINDOW_SECONDS: { type: 'integer', default: '900', min: 1, description: 'Length of a rate-limit window.' },
  BULK_CREATE_MAX: {
    type: 'integer',
    default: '500',
    min: 1,
    max: 10000,
    description: 'Most records one create request may carry (an array body); all or nothing.',
  },
  OUTBOX_POLL_INTERVAL_MS: {
    type: 'integer',
    default: '1000',
    min: 50,
    description: 'How often the relay looks for unsent events when no notification woke it (the safety net).',
  },
  OUTBOX_RETENTION_HOURS: {
    type: 'integer',
    default: '168',
    min: 1,
    description: 'How long sent events stay in the outbox before the maintenance job deletes them.',
  },
  REALTIME_HEARTBEAT_SECONDS: {
    type: 'integer',
    default: '20',
    min: 1,
    max: 300,
    description: 'How often an idle realtime connection gets a heartbeat (an SSE comment, a WebSocket ping message).',
  },
  REALTIME_RESUME_WINDOW_SECONDS: {
    type: 'integer',
    default: '300',
    min: 1,
    description: 'How far back a reconnecting realtime client may resume; older positions get a reset event.',
  },
  REALTIME_RESUME_MAX_EVENTS: {
    type: 'integer',
    default: '100000',
    min: 1,
    description:
      'Most events a reconnecting realtime client may be behind and still resume; further gets a reset event.',
  },
  REALTIME_MAX_SUBSCRIPTIONS: {
    type: 'integer',
    default: '100',
    min: 1,
    max: 10000,
    description: 'Subscriptions one realtime connection may hold.',
  },
  REALTIME_MAX_CONNECTIONS_PER_USER: {
    type: 'integer',
    default: '20',
    min: 1,
    description: 'Realtime connections one user or API key may hold on one API process.',
  },
  REALTIME_MAX_CONNECTIONS_PER_IP: {
    type: 'integer',
    default: '200',
    min: 1,
    description: 'Realtime connections one client address may hold on one API process (anonymous ones included).',
  },
  REALTIME_MAX_BUFFER_BYTES: {
    type: 'integer',
    default: '1048576',
    min: 1024,
    description:
      'Bytes a realtime connection may have waiting to be sent; a client that stays this far behind is disconnected (slow_consumer).',
  },
  REALTIME_TICKET_SECONDS: {
    type: 'integer',
    default: '30',
    min: 1,
    max: 300,
    description:
      'How long a realtime ticket (for browsers, which cannot send headers on EventSource or WebSocket) stays valid.',
  },
  WEBHOOK_MAX_ATTEMPTS: {
    type: 'integer',
    default: '8',
    min: 1,
    max: 50,
    description: 'Delivery attempts per event and webhook before it is dead-lettered.',
  },
  WEBHOOK_BACKOFF_BASE_MS: {
    type: 'integer',
    default: '10000',
    min: 1,
    description: 'First retry delay; each next one is four times longer, with ±20% jitter (8 attempts ≈ 15 hours).',
  },
  WEBHOOK_TIMEOUT_MS: {
    type: 'integer',
    default: '15000',
    min: 100,
    description: 'How long a webhook receiver has to answer.',
  },
  WEBHOOK_RESPONSE_MAX_BYTES: {
    type: 'integer',
    default: '65536',
    min: 0,
    description: 'Most bytes of a receiver response read; the delivery log keeps the first 1 KB.',
  },
  WEBHOOK_ALLOWED_NETWORKS: {
    type: 'list',
    default: '',
    description:
      'CIDR ranges webhook targets may resolve to even though they are private, loopback or link-local (e.g. `10.0.0.0/8,127.0.0.1/32`); empty: public addresses only.',
  },
  WEBHOOK_CONCURRENCY: {
    type: 'integer',
    default: '16',
    min: 1,
    max: 500,
    description: 'Webhook deliveries one worker process makes at the same time.',
  },
  WEBHOOK_LOG_RETENTION_HOURS: {
    type: 'integer',
    default: '720',
    min: 1,
    description: 'How long finished webhook deliveries and their attempts are kept.',
  },
  FUNCTIONS_SANDBOX_ENTRY: {
    type: 'string',
    default: './dist/apps/functions-host/src/main.js',
    description:
      'The sandbox host script that runs functions in isolated-vm isolates. Unset: the one built beside the API (`dist/apps/functions-host/src/main.js`); this default is for an API embedded elsewhere, relative to the working directory.',
  },
  FUNCTIONS_SANDBOX_PROCESSES: {
    type: 'integer',
    default: '2',
    min: 1,
    max: 64,
    description: 'Sandbox host processes per API or worker process at most; they start on demand.',
  },
  FUNCTIONS_SANDBOX_NICE: {
    type: 'integer',
    default: '10',
    min: 0,
    max: 19,
    description:
      "How much lower the sandbox hosts' CPU priority (nice) is than their API's or worker's, so functions spinning at their caps yield to Stagecraft and PostgreSQL; 0: the same.",
  },
  FUNCTIONS_MAX_TIMEOUT_MS: {
    type: 'integer',
    default: '30000',
    min: 10,
    max: 900000,
    description: 'The longest wall time a function may be given (its own `timeout_ms` is capped by it).',
  },
  FUNCTIONS_MAX_MEMORY_MB: {
    type: 'integer',
    default: '256',
    min: 8,
    max: 4096,
    description: "The most heap a function's isolate may be given (its own `memory_mb` is capped by it).",
  },
  FUNCTIONS_HOOK_TIMEOUT_MS: {
    type: 'integer',
    default: '100',
    min: 10,
    max: 10000,
    description:
      "The wall time of a before-write hook (at most its function's `timeout_ms`): the write's transaction waits on it.",
  },
  FUNCTIONS_EVENT_ATTEMPTS: {
    type: 'integer',
    default: '5',
    min: 1,
    max: 100,
    description: 'Tries of a function run by a record event before it is dead-lettered.',
  },
  FUNCTIONS_EVENT_BACKOFF_MS: {
    type: 'integer',
    default: '1000',
    min: 10,
    description: 'The pause before the second try of an event run; it doubles for each try after.',
  },
  FUNCTIONS_WORKER_CONCURRENCY: {
    type: 'integer',
    default: '4',
    min: 1,
    max: 256,
    description: 'Event and scheduled function runs each worker process makes at once.',
  },
  FUNCTIONS_FETCH_TIMEOUT_MS: {
    type: 'integer',
    default: '10000',
    min: 100,
    description: 'How long one `ctx.fetch` may take, redirects included.',
  },
  FUNCTIONS_FETCH_MAX_BYTES: {
    type: 'integer',
    default: '5242880',
    min: 0,
    description: 'The most response body `ctx.fetch` reads; a longer body is an error.',
  },
  FUNCTIONS_FETCH_ALLOWED_NETWORKS: {
    type: 'list',
    default: '',
    description:
      'CIDR ranges `ctx.fetch` targets may resolve to even though they are private, loopback or link-local; empty: public addresses only.',
  },
  FUNCTIONS_LOG_RETENTION_HOURS: {
    type: 'integer',
    default: '168',
    min: 1,
    description: 'How long function invocations and their captured logs are kept.',
  },
  GRAPHQL_MAX_DEPTH: {
    type: 'integer',
    default: '10',
    min: 2,
    max: 100,
    description: 'How deep a GraphQL operation may nest selections; a deeper one is refused before it runs.',
  },
  GRAPHQL_MAX_ALIASES: {
    type: 'integer',
    default: '50',
    min: 0,
    max: 10000,
    description: 'Aliases a GraphQL operation may use at most.',
  },
  GRAPHQL_MAX_FIELDS: {
    type: 'integer',
    default: '200',
    min: 10,
    max: 10000,
    description: 'Fields one GraphQL selection set may ask for at most.',
  },
  GRAPHQL_MAX_COST: {
    type: 'integer',
    default: '100000',
    min: 100,
    max: 100000000,
    description:
      'The most values a GraphQL operation may return: each field counts once per record its enclosing lists can hold (their `limit`, 20 when not given).',
  },
  GRAPHQL_INTROSPECTION: {
    type: 'boolean',
    default: 'true',
    description: 'Answer GraphQL introspection (`__schema`, `__type`); set false to hide the schema in production.',
  },
  SMTP_URL: {
    type: 'url',
    protocols: ['smtp:', 'smtps:'],
    secret: true,
    description:
      'SMTP server for outgoing email (`smtps://user:pass@host:465`). Unset: messages are captured in the database (`stagecraft.captured_emails`) instead of sent.',
  },
  MAIL_FROM: {
    type: 'string',
    default: 'Stagecraft <no-reply@localhost>',
    description: 'Sender address of outgoing email.',
  },
  EMAIL_TOKEN_TTL_SECONDS: {
    type: 'integer',
    default: '3600',
    min: 60,
    description: 'Lifetime of email verification and password reset links (single use).',
  },
  RATE_LIMIT_EMAIL_PER_ADDRESS: {
    type: 'integer',
    default: '5',
    min: 1,
    description: 'Verification and reset emails sent to one address in each rate-limit window.',
  },
  FILES_DIR: {
    type: 'string',
    default: './.data/files',
    description:
      'Import uploads, export files and resumable uploads in progress, and with `STORAGE_DRIVER=local` the stored files (under `storage/`); API and worker must share it (a volume in docker-compose).',
  },
  STORAGE_DRIVER: {
    type: 'enum',
    values: ['local', 's3'],
    default: 'local',
    description: 'Where file fields keep their files: on disk under `FILES_DIR`, or in an S3-compatible bucket.',
  },
  S3_ENDPOINT: {
    type: 'url',
    protocols: ['http:', 'https:'],
    description: 'Endpoint of an S3-compatible store (MinIO, R2, Ceph...); unset: AWS S3 in `S3_REGION`.',
  },
  S3_REGION: { type: 'string', default: 'us-east-1', description: 'Region of the bucket.' },
  S3_BUCKET: { type: 'string', description: 'Bucket for stored files; required with `STORAGE_DRIVER=s3`.' },
  S3_PREFIX: {
    type: 'string',
    default: '',
    description: 'Key prefix inside the bucket (e.g. `stagecraft/`), so one bucket can serve several deployments.',
  },
  S3_ACCESS_KEY_ID: {
    type: 'string',
    secret: true,
    description: "Access key; unset: the AWS SDK's default credential chain (environment, instance role...).",
  },
  S3_SECRET_ACCESS_KEY: { type: 'string', secret: true, description: 'Secret of `S3_ACCESS_KEY_ID`.' },
  S3_FORCE_PATH_STYLE: {
    type: 'boolean',
    default: 'false',
    description: 'Address the bucket as `endpoint/bucket/key` (MinIO and most self-hosted stores need it).',
  },
  S3_SIGNED_DOWNLOADS: {
    type: 'boolean',
    default: 'false',
    description:
      'Answer allowed downloads with a redirect to a short-lived signed S3 URL instead of streaming the bytes through the API.',
  },
  FILE_MAX_BYTES: {
    type: 'integer',
    default: '104857600',
    min: 1,
    description: "Largest file any file field accepts; a field's `maxSize` can only lower it.",
  },
  UPLOAD_EXPIRY_HOURS: {
    type: 'integer',
    default: '24',
    min: 1,
    description:
      'Uploads never attached to a record (resumable ones, or left by a failed write) are removed after this long.',
  },
  FILE_TOKEN_TTL_SECONDS: {
    type: 'integer',
    default: '120',
    min: 10,
    max: 3600,
    description: 'Lifetime of file tokens, which let `<img src>` links download protected files.',
  },
  THUMB_CONCURRENCY: {
    type: 'integer',
    default: '2',
    min: 1,
    max: 64,
    description: 'Thumbnail transforms one API process runs at once; more requests wait their turn.',
  },
  THUMB_MAX_INPUT_PIXELS: {
    type: 'integer',
    default: '50000000',
    min: 1000000,
    description: 'Largest image (width × height) a thumbnail is made from; larger ones get the original.',
  },
  IMPORT_MAX_BYTES: {
    type: 'integer',
    default: '104857600',
    min: 1024,
    description: 'Largest import upload accepted.',
  },
  IMPORT_BATCH_SIZE: {
    type: 'integer',
    default: '1000',
    min: 1,
    max: 10000,
    description: 'Rows per INSERT statement while importing.',
  },
  EXPORT_RETENTION_HOURS: {
    type: 'integer',
    default: '24',
    min: 1,
    description: 'How long export files are kept for download.',
  },
  MAINTENANCE_INTERVAL_MS: {
    type: 'integer',
    default: '3600000',
    min: 1000,
    description: 'How often the maintenance job purges expired tokens, sent events, delivery logs and old files.',
  },
} as const satisfies Record<string, VariableSpec>;

export type VariableName = keyof typeof variables;
