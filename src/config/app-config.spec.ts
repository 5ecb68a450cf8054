import { validateEnv } from './app-config.js';

describe('validateEnv', () => {
  it('fills defaults for an empty environment', () => {
    const config = validateEnv({});
    expect(config).toMatchObject({
      http: { port: 3000, backlog: 2048, maxConnections: 10_000, shutdownTimeoutMs: 10_000 },
      logLevel: 'info',
      database: { url: undefined, poolSize: 10, embeddedDir: './data/postgres', migrationsRun: true },
      quota: { timezone: 'UTC', monthlyWindow: 'rolling30d' },
    });
  });

  it('reads and converts every variable', () => {
    const config = validateEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/quota',
      DATABASE_POOL_SIZE: '20',
      EMBEDDED_DB_DIR: '/var/lib/quota',
      DB_MIGRATIONS_RUN: 'false',
      QUOTA_TIMEZONE: 'Asia/Shanghai',
      QUOTA_MONTHLY_WINDOW: 'calendar',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      http: { port: 8080 },
      logLevel: 'debug',
      database: {
        url: 'postgres://u:p@db:5432/quota',
        poolSize: 20,
        embeddedDir: '/var/lib/quota',
        migrationsRun: false,
        queryTimeoutMs: 10_000,
      },
      quota: { timezone: 'Asia/Shanghai', monthlyWindow: 'calendar' },
    });
  });

  it('runs two billing batches at once, on a server and on the embedded database alike', () => {
    expect(validateEnv({}).billing).toMatchObject({
      batchMax: 1000,
      batchesInFlight: 2,
      queueMax: 20_000,
      queryTimeoutMs: 10_000,
    });
    expect(validateEnv({ BILLING_QUEUE_MAX: '1000' }).billing.queueMax).toBe(1000);
    const server = { DATABASE_URL: 'postgres://db/quota' };
    expect(validateEnv(server).billing.batchesInFlight).toBe(2);
    expect(validateEnv({ ...server, BILLING_BATCHES_IN_FLIGHT: '4' }).billing.batchesInFlight).toBe(4);
    expect(validateEnv({ BILLING_BATCHES_IN_FLIGHT: '4' }).billing.batchesInFlight).toBe(4);
  });

  it('refuses memory:// (the embedded database is a server on a folder now)', () => {
    expect(() => validateEnv({ EMBEDDED_DB_DIR: 'memory://' })).toThrow(
      /EMBEDDED_DB_DIR: memory:\/\/ is no longer supported/,
    );
  });

  it('treats an empty DATABASE_URL as unset (the embedded database)', () => {
    expect(validateEnv({ DATABASE_URL: '' }).database.url).toBeUndefined();
  });

  it.each([
    ['QUOTA_TIMEZONE', 'Mars/Olympus_Mons', /QUOTA_TIMEZONE: must be an IANA time zone/],
    [
      'QUOTA_MONTHLY_WINDOW',
      'fortnight',
      /QUOTA_MONTHLY_WINDOW: must be one of: rolling30d, calendar \(got "fortnight"\)/,
    ],
    ['PORT', 'eighty', /PORT: must be an integer port number/],
    ['PORT', '70000', /PORT: .*must not be greater than 65535/],
    ['DB_MIGRATIONS_RUN', 'yes', /DB_MIGRATIONS_RUN: must be true or false/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL: must be one of/],
    ['DATABASE_URL', 'mysql://db/quota', /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/],
    ['DATABASE_POOL_SIZE', '0', /DATABASE_POOL_SIZE: .*must not be less than 1/],
    ['BILLING_BATCHES_IN_FLIGHT', '0', /BILLING_BATCHES_IN_FLIGHT: .*must not be less than 1/],
    ['BILLING_BATCHES_IN_FLIGHT', '2.5', /BILLING_BATCHES_IN_FLIGHT: must be an integer/],
    ['BILLING_QUEUE_MAX', '999', /BILLING_QUEUE_MAX: .*must not be less than 1000/],
    ['BILLING_QUEUE_MAX', 'lots', /BILLING_QUEUE_MAX: must be an integer/],
    ['SHUTDOWN_TIMEOUT_MS', '0', /SHUTDOWN_TIMEOUT_MS: .*must not be less than 1000/],
    ['BILLING_SERVICE_TOKEN', 'short', /BILLING_SERVICE_TOKEN: .*openssl rand -hex 32/],
    ['JWT_SECRET', 'short', /JWT_SECRET: .*openssl rand -base64 48/],
  ])('refuses a bad %s with a message naming it', (name, value, message) => {
    expect(() => validateEnv({ [name]: value })).toThrow(message);
  });

  it('lists every bad variable at once', () => {
    expect(() => validateEnv({ QUOTA_TIMEZONE: 'Nowhere', QUOTA_MONTHLY_WINDOW: 'x' })).toThrow(
      /QUOTA_MONTHLY_WINDOW[\s\S]*QUOTA_TIMEZONE|QUOTA_TIMEZONE[\s\S]*QUOTA_MONTHLY_WINDOW/,
    );
  });
});
