// Reads the environment once at start-up, validates every variable against `variables`
// and returns the typed, frozen configuration; a bad value stops the start with one clear line.

import { variables, type VariableName, type VariableSpec } from './variables.js';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'ConfigError';
  }
}

export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly database: {
    readonly url: string | undefined;
    readonly poolSize: number;
    readonly migrateOnStart: boolean;
    readonly embeddedPort: number;
  };
  readonly dataDir: string;
  readonly redis: {
    readonly url: string;
    readonly prefix: string;
    /** The CA of a rediss:// server, when not one of the system's. */
    readonly tlsCaFile?: string;
  };
  readonly logLevel: string;
  /** Undefined: the logger picks pretty on a terminal outside production, JSON otherwise. */
  readonly logFormat: 'pretty' | 'json' | undefined;
  readonly corsOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  /** Nesting cap of JSON bodies; routes carrying `json` values add their envelope to records.jsonMaxDepth. */
  readonly bodyMaxDepth: number;
  /** What is read and discarded of a body left unread when its answer is sent. */
  readonly bodyDrain: { readonly maxBytes: number; readonly timeoutMs: number };
  readonly trustProxy: boolean;
  /** The bearer token `GET /metrics` asks for; undefined: metrics are open. */
  readonly metricsToken: string | undefined;
  readonly adminUiDir: string;
  readonly auth: {
    /** Undefined outside production when unset: the API then keeps a generated one in the database. */
    readonly jwtSecret: string | undefined;
    readonly jwtIssuer: string;
    readonly jwtAudience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
    readonly refreshReuseGraceSeconds: number;
    readonly registrationEnabled: boolean;
    readonly sessionCacheMs: number;
    readonly passwordMinLength: number;
  };
  readonly records: {
    /** Undefined outside production when unset: a generated key is kept in the database. */
    readonly secretFieldsKey: string | undefined;
    readonly bulkCreateMax: number;
    /** Nesting cap of one `json` field value. */
    readonly jsonMaxDepth: number;
  };
  readonly rateLimits: { readonly authPerIp: number; readonly authPerAccount: number; readonly windowSeconds: number };
  readonly shutdownTimeoutMs: number;
  readonly shutdownReadinessDelayMs: number;
  readonly worker: {
    readonly heartbeatIntervalMs: number;
    readonly heartbeatMaxAgeMs: number;
    readonly healthPort: number | undefined;
  };
  readonly outbox: { readonly pollIntervalMs: number; readonly retentionHours: number };
  readonly realtime: {
    readonly heartbeatSeconds: number;
    readonly resumeWindowSeconds: number;
    readonly resumeMaxEvents: number;
    readonly maxSubscriptions: number;
    readonly maxConnectionsPerUser: number;
    readonly maxConnectionsPerIp: number;
    readonly maxBufferBytes: number;
    readonly ticketSeconds: number;
  };
  readonly webhooks: {
    readonly maxAttempts: number;
    readonly backoffBaseMs: number;
    readonly timeoutMs: number;
    readonly responseMaxBytes: number;
    /** CIDR ranges allowed although not public. */
    readonly allowedNetworks: readonly string[];
    readonly concurrency: number;
    readonly logRetentionHours: number;
  };
  readonly graphql: {
    readonly maxDepth: number;
    readonly maxAliases: number;
    readonly maxFieldsPerSelection: number;
    readonly maxCost: number;
    readonly introspection: boolean;
  };
  readonly functions: {
    readonly sandboxEntry: string;
    readonly sandboxProcesses: number;
    readonly sandboxNice: number;
    readonly maxTimeoutMs: number;
    readonly maxMemoryMb: number;
    readonly hookTimeoutMs: number;
    readonly eventAttempts: number;
    readonly eventBackoffMs: number;
    readonly workerConcurrency: number;
    readonly fetchTimeoutMs: number;
    readonly fetchMaxBytes: number;
    /** CIDR ranges `ctx.fetch` may reach although not public. */
    readonly fetchAllowedNetworks: readonly string[];
    readonly logRetentionHours: number;
  };
  readonly mail: {
    /** Undefined: messages are captured in the database instead of sent. */
    readonly smtpUrl: string | undefined;
    readonly from: string;
    readonly tokenTtlSeconds: number;
    readonly perAddressLimit: number;
  };
  readonly files: {
    readonly dir: string;
    readonly importMaxBytes: number;
    readonly importBatchSize: number;
    readonly exportRetentionHours: number;
    readonly storage: StorageConfig;
    readonly maxBytes: number;
    readonly uploadExpiryHours: number;
    readonly tokenTtlSeconds: number;
    readonly thumbConcurrency: number;
    readonly thumbMaxInputPixels: number;
  };
  readonly maintenanceIntervalMs: number;
}

/** Where file fields keep their files. */
export type StorageConfig =
  | { readonly driver: 'local' }
  | {
      readonly driver: 's3';
      readonly endpoint: string | undefined;
      readonly region: string;
      readonly bucket: string;
      readonly prefix: string;
      readonly accessKeyId: string | undefined;
      readonly secretAccessKey: string | undefined;
      readonly forcePathStyle: boolean;
      readonly signedDownloads: boolean;
    };

type Env = Readonly<Record<string, string | undefined>>;

function parseValue(name: string, spec: VariableSpec, raw: string): string | number | boolean | string[] {
  switch (spec.type) {
    case 'string':
      return raw;
    case 'integer': {
      if (!/^-?\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
      const value = Number(raw);
      if (spec.min !== undefined && value < spec.min)
        throw new ConfigError(name, `must be at least ${spec.min}, got ${value}`);
      if (spec.max !== undefined && value > spec.max)
        throw new ConfigError(name, `must be at most ${spec.max}, got ${value}`);
      return value;
    }
    case 'boolean': {
      const lowered = raw.toLowerCase();
      if (['true', '1', 'yes'].includes(lowered)) return true;
      if (['false', '0', 'no'].includes(lowered)) return false;
      throw new ConfigError(name, `must be true or false, got "${raw}"`);
    }
    case 'url': {
      const protocols = spec.protocols ?? [];
      if (!URL.canParse(raw) || (protocols.length > 0 && !protocols.includes(new URL(raw).protocol))) {
        throw new ConfigError(
          name,
          `must be a URL${protocols.length ? ` starting with ${protocols.map((p) => `${p}//`).join(' or ')}` : ''}`,
        );
      }
      return raw;
    }
    case 'enum':
      if (!spec.values?.includes(raw))
        throw new ConfigError(name, `must be one of ${spec.values?.join(', ')}, got "${raw}"`);
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0);
  }
}

/** Every variable parsed, or undefined where unset without a default. */
function readAll(env: Env): Record<VariableName, ReturnType<typeof parseValue> | undefined> {
  const result = {} as Record<VariableName, ReturnType<typeof parseValue> | undefined>;
  for (const [name, spec] of Object.entries(variables) as [VariableName, VariableSpec][]) {
    const given = env[name];
    const raw = given === undefined || given === '' ? spec.default : given;
    result[name] = raw === undefined ? undefined : parseValue(name, spec, raw);
  }
  return result;
}

const MIN_SECRET_BYTES = 32;

/** A key of 32+ bytes; mandatory in production, optional (generated later) elsewhere. */
function requiredSecret(name: string, value: string | undefined, env: string): string | undefined {
  if (value !== undefined && Buffer.byteLength(value) < MIN_SECRET_BYTES) {
    throw new ConfigError(name, `must be at least ${MIN_SECRET_BYTES} bytes long`);
  }
  if (value === undefined && env === 'production') {
    throw new ConfigError(name, `must be set in production (at least ${MIN_SECRET_BYTES} random bytes)`);
  }
  return value;
}

/** An optional secret: unset is fine, but a short one is a mistake worth stopping for. */
function optionalSecret(name: string, value: string | undefined, minLength: number): string | undefined {
  if (value !== undefined && value.length < minLength) {
    throw new ConfigError(name, `must be at least ${minLength} characters long`);
  }
  return value;
}

function redisConfig(v: ReturnType<typeof readAll>): AppConfig['redis'] {
  const url = v.REDIS_URL as string;
  const tlsCaFile = v.REDIS_TLS_CA_FILE as string | undefined;
  if (tlsCaFile !== undefined && !url.startsWith('rediss:')) {
    throw new ConfigError('REDIS_TLS_CA_FILE', 'applies to a rediss:// REDIS_URL only (TLS); REDIS_URL is not one');
  }
  return { url, prefix: v.REDIS_PREFIX as string, tlsCaFile };
}

function storageConfig(v: ReturnType<typeof readAll>): StorageConfig {
  if (v.STORAGE_DRIVER !== 's3') return { driver: 'local' };
  const bucket = v.S3_BUCKET as string | undefined;
  if (bucket === undefined) throw new ConfigError('S3_BUCKET', 'must be set when STORAGE_DRIVER is s3');
  const accessKeyId = v.S3_ACCESS_KEY_ID as string | undefined;
  const secretAccessKey = v.S3_SECRET_ACCESS_KEY as string | undefined;
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new ConfigError('S3_SECRET_ACCESS_KEY', 'must be set together with S3_ACCESS_KEY_ID (or neither)');
  }
  const prefix = v.S3_PREFIX as string;
  if (prefix !== '' && !/^[A-Za-z0-9][A-Za-z0-9._/-]*\/$/.test(prefix)) {
    throw new ConfigError('S3_PREFIX', 'must be letters, digits, ., _, - and /, ending with /');
  }
  return {
    driver: 's3',
    endpoint: v.S3_ENDPOINT as string | undefined,
    region: v.S3_REGION as string,
    bucket,
    prefix,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: v.S3_FORCE_PATH_STYLE as boolean,
    signedDownloads: v.S3_SIGNED_DOWNLOADS as boolean,
  };
}

export function loadConfig(env: Env = process.env): AppConfig {
  const v = readAll(env);
  const str = (name: VariableName): string => v[name] as string;
  const num = (name: VariableName): number => v[name] as number;
  const bool = (name: VariableName): boolean => v[name] as boolean;

  return Object.freeze({
    env: str('NODE_ENV') as AppConfig['env'],
    host: str('HOST'),
    port: num('PORT'),
    publicUrl: str('PUBLIC_URL').replace(/\/+$/, ''),
    database: {
      url: v.DATABASE_URL as string | undefined,
      poolSize: num('DATABASE_POOL_SIZE'),
      migrateOnStart: bool('DATABASE_MIGRATE_ON_START'),
      embeddedPort: num('EMBEDDED_POSTGRES_PORT'),
    },
    dataDir: str('DATA_DIR'),
    redis: redisConfig(v),
    logLevel: str('LOG_LEVEL'),
    logFormat: v.LOG_FORMAT as AppConfig['logFormat'],
    corsOrigins: v.CORS_ORIGINS as string[],
    bodyLimitBytes: num('BODY_LIMIT_BYTES'),
    bodyMaxDepth: num('BODY_MAX_DEPTH'),
    bodyDrain: { maxBytes: num('BODY_DRAIN_MAX_BYTES'), timeoutMs: num('BODY_DRAIN_TIMEOUT_MS') },
    trustProxy: bool('TRUST_PROXY'),
    metricsToken: optionalSecret('METRICS_TOKEN', v.METRICS_TOKEN as string | undefined, 16),
    adminUiDir: str('ADMIN_UI_DIR'),
    auth: {
      jwtSecret: requiredSecret('JWT_SECRET', v.JWT_SECRET as string | undefined, str('NODE_ENV')),
      jwtIssuer: str('JWT_ISSUER'),
      jwtAudience: str('JWT_AUDIENCE'),
      accessTokenTtlSeconds: num('ACCESS_TOKEN_TTL_SECONDS'),
      refreshTokenTtlSeconds: num('REFRESH_TOKEN_TTL_SECONDS'),
      refreshReuseGraceSeconds: num('REFRESH_REUSE_GRACE_SECONDS'),
      registrationEnabled: bool('AUTH_REGISTRATION_ENABLED'),
      sessionCacheMs: num('AUTH_SESSION_CACHE_MS'),
      passwordMinLength: num('PASSWORD_MIN_LENGTH'),
    },
    records: {
      secretFieldsKey: requiredSecret('SECRET_FIELDS_KEY', v.SECRET_FIELDS_KEY as string | undefined, str('NODE_ENV')),
      bulkCreateMax: num('BULK_CREATE_MAX'),
      jsonMaxDepth: num('JSON_MAX_DEPTH'),
    },
    rateLimits: {
      authPerIp: num('RATE_LIMIT_AUTH_PER_IP'),
      authPerAccount: num('RATE_LIMIT_AUTH_PER_ACCOUNT'),
      windowSeconds: num('RATE_LIMIT_WINDOW_SECONDS'),
    },
    shutdownTimeoutMs: num('SHUTDOWN_TIMEOUT_MS'),
    shutdownReadinessDelayMs: num('SHUTDOWN_READINESS_DELAY_MS'),
    worker: {
      heartbeatIntervalMs: num('WORKER_HEARTBEAT_INTERVAL_MS'),
      heartbeatMaxAgeMs: num('WORKER_HEARTBEAT_MAX_AGE_MS'),
      healthPort: v.WORKER_HEALTH_PORT as number | undefined,
    },
    outbox: { pollIntervalMs: num('OUTBOX_POLL_INTERVAL_MS'), retentionHours: num('OUTBOX_RETENTION_HOURS') },
    realtime: {
      heartbeatSeconds: num('REALTIME_HEARTBEAT_SECONDS'),
      resumeWindowSeconds: num('REALTIME_RESUME_WINDOW_SECONDS'),
      resumeMaxEvents: num('REALTIME_RESUME_MAX_EVENTS'),
      maxSubscriptions: num('REALTIME_MAX_SUBSCRIPTIONS'),
      maxConnectionsPerUser: num('REALTIME_MAX_CONNECTIONS_PER_USER'),
      maxConnectionsPerIp: num('REALTIME_MAX_CONNECTIONS_PER_IP'),
      maxBufferBytes: num('REALTIME_MAX_BUFFER_BYTES'),
      ticketSeconds: num('REALTIME_TICKET_SECONDS'),
    },
    webhooks: {
      maxAttempts: num('WEBHOOK_MAX_ATTEMPTS'),
      backoffBaseMs: num('WEBHOOK_BACKOFF_BASE_MS'),
      timeoutMs: num('WEBHOOK_TIMEOUT_MS'),
      responseMaxBytes: num('WEBHOOK_RESPONSE_MAX_BYTES'),
      allowedNetworks: v.WEBHOOK_ALLOWED_NETWORKS as string[],
      concurrency: num('WEBHOOK_CONCURRENCY'),
      logRetentionHours: num('WEBHOOK_LOG_RETENTION_HOURS'),
    },
    functions: {
      sandboxEntry: str('FUNCTIONS_SANDBOX_ENTRY'),
      sandboxProcesses: num('FUNCTIONS_SANDBOX_PROCESSES'),
      sandboxNice: num('FUNCTIONS_SANDBOX_NICE'),
      maxTimeoutMs: num('FUNCTIONS_MAX_TIMEOUT_MS'),
      maxMemoryMb: num('FUNCTIONS_MAX_MEMORY_MB'),
      hookTimeoutMs: num('FUNCTIONS_HOOK_TIMEOUT_MS'),
      eventAttempts: num('FUNCTIONS_EVENT_ATTEMPTS'),
      eventBackoffMs: num('FUNCTIONS_EVENT_BACKOFF_MS'),
      workerConcurrency: num('FUNCTIONS_WORKER_CONCURRENCY'),
      fetchTimeoutMs: num('FUNCTIONS_FETCH_TIMEOUT_MS'),
      fetchMaxBytes: num('FUNCTIONS_FETCH_MAX_BYTES'),
      fetchAllowedNetworks: v.FUNCTIONS_FETCH_ALLOWED_NETWORKS as string[],
      logRetentionHours: num('FUNCTIONS_LOG_RETENTION_HOURS'),
    },
    graphql: {
      maxDepth: num('GRAPHQL_MAX_DEPTH'),
      maxAliases: num('GRAPHQL_MAX_ALIASES'),
      maxFieldsPerSelection: num('GRAPHQL_MAX_FIELDS'),
      maxCost: num('GRAPHQL_MAX_COST'),
      introspection: bool('GRAPHQL_INTROSPECTION'),
    },
    mail: {
      smtpUrl: v.SMTP_URL as string | undefined,
      from: str('MAIL_FROM'),
      tokenTtlSeconds: num('EMAIL_TOKEN_TTL_SECONDS'),
      perAddressLimit: num('RATE_LIMIT_EMAIL_PER_ADDRESS'),
    },
    files: {
      dir: str('FILES_DIR'),
      importMaxBytes: num('IMPORT_MAX_BYTES'),
      importBatchSize: num('IMPORT_BATCH_SIZE'),
      exportRetentionHours: num('EXPORT_RETENTION_HOURS'),
      storage: storageConfig(v),
      maxBytes: num('FILE_MAX_BYTES'),
      uploadExpiryHours: num('UPLOAD_EXPIRY_HOURS'),
      tokenTtlSeconds: num('FILE_TOKEN_TTL_SECONDS'),
      thumbConcurrency: num('THUMB_CONCURRENCY'),
      thumbMaxInputPixels: num('THUMB_MAX_INPUT_PIXELS'),
    },
    maintenanceIntervalMs: num('MAINTENANCE_INTERVAL_MS'),
  });
}

/** The configuration with a few settings replaced, for tests and the CLI. */
export function withOverrides(config: AppConfig, overrides: Partial<AppConfig>): AppConfig {
  return Object.freeze({ ...config, ...overrides });
}

/** For process entry points: the configuration, or one line on stderr naming the bad variable and exit 1. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
