import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig, renderConfigTable } from './index.js';

describe('file storage settings', () => {
  const s3 = { STORAGE_DRIVER: 's3', S3_BUCKET: 'media' };

  it('keeps files on local disk by default', () => {
    expect(loadConfig({}).files.storage).toEqual({ driver: 'local' });
  });

  it('reads the S3 settings, with the SDK credential chain when no key is given', () => {
    expect(
      loadConfig({ ...s3, S3_ENDPOINT: 'http://minio:9000', S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'app/' }).files
        .storage,
    ).toEqual({
      driver: 's3',
      endpoint: 'http://minio:9000',
      region: 'us-east-1',
      bucket: 'media',
      prefix: 'app/',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: true,
      signedDownloads: false,
    });
  });

  it('refuses S3 without a bucket, half a key pair, or a prefix that is not a folder', () => {
    expect(() => loadConfig({ STORAGE_DRIVER: 's3' })).toThrow(
      new ConfigError('S3_BUCKET', 'must be set when STORAGE_DRIVER is s3'),
    );
    expect(() => loadConfig({ ...s3, S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY/);
    expect(() => loadConfig({ ...s3, S3_PREFIX: '../up/' })).toThrow(/S3_PREFIX/);
    expect(() => loadConfig({ ...s3, S3_PREFIX: 'no-slash' })).toThrow(/S3_PREFIX/);
  });
});

describe('loadConfig', () => {
  it('applies defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      env: 'development',
      port: 8080,
      publicUrl: 'http://localhost:8080',
      database: { url: undefined, poolSize: 10, migrateOnStart: true },
      redis: { url: 'redis://127.0.0.1:6379', prefix: 'stagecraft' },
      corsOrigins: [],
      bodyLimitBytes: 1048576,
      trustProxy: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses every kind of value', () => {
    const config = loadConfig({
      PORT: '9000',
      TRUST_PROXY: 'yes',
      CORS_ORIGINS: 'https://a.example, https://b.example ,',
      PUBLIC_URL: 'https://api.example.com/',
      NODE_ENV: 'production',
      JWT_SECRET: 'a-production-secret-of-32-bytes!!',
      SECRET_FIELDS_KEY: 'another-production-secret-32-bytes',
      WORKER_HEALTH_PORT: '9100',
    });
    expect(config.port).toBe(9000);
    expect(config.trustProxy).toBe(true);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.publicUrl).toBe('https://api.example.com');
    expect(config.env).toBe('production');
    expect(config.worker.healthPort).toBe(9100);
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(8080);
  });

  it.each([
    ['PORT', 'abc', 'PORT must be an integer, got "abc"'],
    ['PORT', '70000', 'PORT must be at most 65535, got 70000'],
    ['DATABASE_POOL_SIZE', '0', 'DATABASE_POOL_SIZE must be at least 1, got 0'],
    ['TRUST_PROXY', 'maybe', 'TRUST_PROXY must be true or false, got "maybe"'],
    ['NODE_ENV', 'staging', 'NODE_ENV must be one of development, production, test, got "staging"'],
    ['REDIS_URL', 'localhost:6379 x', 'REDIS_URL must be a URL'],
    ['BODY_LIMIT_BYTES', '12.5', 'BODY_LIMIT_BYTES must be an integer'],
    ['JWT_SECRET', 'too-short', 'JWT_SECRET must be at least 32 bytes long'],
    ['REDIS_TLS_CA_FILE', '/etc/ca.pem', 'REDIS_TLS_CA_FILE applies to a rediss:// REDIS_URL only'],
  ])('rejects %s=%s naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(`Invalid configuration: ${message}`);
  });
});

it('keeps the CA file of a rediss:// Redis', () => {
  expect(loadConfig({ REDIS_URL: 'rediss://cache.internal:6380', REDIS_TLS_CA_FILE: '/etc/ca.pem' }).redis).toEqual({
    url: 'rediss://cache.internal:6380',
    prefix: 'stagecraft',
    tlsCaFile: '/etc/ca.pem',
  });
});

describe('production secrets', () => {
  it('refuses to start in production without JWT_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'Invalid configuration: JWT_SECRET must be set in production',
    );
  });

  it('accepts long enough secrets in production', () => {
    const secret = 'x'.repeat(32);
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, SECRET_FIELDS_KEY: secret });
    expect(config.auth.jwtSecret).toBe(secret);
    expect(config.records.secretFieldsKey).toBe(secret);
  });

  it('refuses to start in production without SECRET_FIELDS_KEY', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      'Invalid configuration: SECRET_FIELDS_KEY must be set in production',
    );
  });

  it('leaves the secret unset outside production', () => {
    expect(loadConfig({}).auth.jwtSecret).toBeUndefined();
  });
});

describe('METRICS_TOKEN', () => {
  it('is unset by default: metrics are open', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined();
  });

  it('refuses a token shorter than 16 characters', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      'Invalid configuration: METRICS_TOKEN must be at least 16 characters long',
    );
  });

  it('keeps a long enough token', () => {
    expect(loadConfig({ METRICS_TOKEN: 'scrape-me-0123456789' }).metricsToken).toBe('scrape-me-0123456789');
  });
});

describe('README configuration table', () => {
  it('is the table rendered from the variable list', () => {
    const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
    expect(readme).toContain(renderConfigTable());
  });
});
