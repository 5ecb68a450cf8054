/**
 * The environment, validated once at boot. A wrong or missing variable stops the process with a
 * message naming it and saying how to fix it; everything else reads the typed `AppConfig`, never
 * `process.env`.
 */
import 'reflect-metadata';

import { existsSync, readFileSync } from 'node:fs';

import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync, ValidationError } from 'class-validator';
import { parse } from 'dotenv';
import { IANAZone } from 'luxon';

import { MAX_BATCH_CHARGES } from '../common/domain.constants.js';
import { EXIT_CODES, StartupError } from '../common/startup-error.js';

/** Where the embedded database lives when EMBEDDED_DB_DIR is not set. */
export const DEFAULT_EMBEDDED_DB_DIR = './data/postgres';

export const MONTHLY_WINDOW_MODES = ['rolling30d', 'calendar'] as const;
export type MonthlyWindowMode = (typeof MONTHLY_WINDOW_MODES)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** How to make a secret of the length a variable asks for. */
const MAKE_SECRET = 'make one with: openssl rand -base64 48';
/** A bearer token goes in headers and shell variables: hex needs no quoting. */
const MAKE_TOKEN = 'make one with: openssl rand -hex 32';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return value;
};

// Per variable, class-validator runs the decorator nearest the property first and stops at the first failure.
class EnvironmentVariables {
  @Transform(toInt)
  @Min(0)
  @Max(65535)
  @IsInt({ message: 'must be an integer port number' })
  PORT = 3000;

  @IsOptional()
  @IsString()
  DATABASE_URL?: string;

  @Transform(toInt)
  @Min(1)
  @Max(1000)
  @IsInt({ message: 'must be an integer' })
  DATABASE_POOL_SIZE = 10;

  @IsString()
  @MinLength(1)
  EMBEDDED_DB_DIR = DEFAULT_EMBEDDED_DB_DIR;

  @Transform(toBool)
  @IsIn([true, false], { message: 'must be true or false' })
  DB_MIGRATIONS_RUN: boolean = true;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  DATABASE_QUERY_TIMEOUT_MS = 10_000;

  @IsString()
  QUOTA_TIMEZONE = 'UTC';

  @IsIn(MONTHLY_WINDOW_MODES, { message: `must be one of: ${MONTHLY_WINDOW_MODES.join(', ')}` })
  QUOTA_MONTHLY_WINDOW: MonthlyWindowMode = 'rolling30d';

  @IsIn(LOG_LEVELS, { message: `must be one of: ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @IsOptional()
  @MinLength(16, { message: `must be at least 16 characters; ${MAKE_TOKEN}` })
  @IsString()
  BILLING_SERVICE_TOKEN?: string;

  @Transform(toInt)
  @Min(1)
  @Max(10_000)
  @IsInt({ message: 'must be an integer' })
  BILLING_BATCH_MAX = 1000;

  @Transform(toInt)
  @Min(1)
  @Max(16)
  @IsInt({ message: 'must be an integer' })
  BILLING_BATCHES_IN_FLIGHT = 2;

  /** At least what one request to the batch endpoint submits at once, so an idle service takes any request whole. */
  @Transform(toInt)
  @Min(MAX_BATCH_CHARGES)
  @Max(1_000_000)
  @IsInt({ message: 'must be an integer' })
  BILLING_QUEUE_MAX = 20_000;

  @Transform(toInt)
  @Min(100)
  @Max(600_000)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  BILLING_QUERY_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(1)
  @Max(86_400)
  @IsInt({ message: 'must be an integer number of seconds' })
  BILLING_HOLD_TTL_SECONDS = 600;

  @IsOptional()
  @MinLength(32, { message: `must be at least 32 characters; ${MAKE_SECRET}` })
  @IsString()
  JWT_SECRET?: string;

  @IsOptional()
  @MinLength(16, { message: `must be at least 16 characters; ${MAKE_TOKEN}` })
  @IsString()
  METRICS_TOKEN?: string;

  // Under a second, no stop could finish: every one would exit 1.
  @Transform(toInt)
  @Min(1000)
  @Max(600_000)
  @IsInt({ message: 'must be an integer number of milliseconds' })
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @Min(1)
  @Max(65_535)
  @IsInt({ message: 'must be an integer' })
  HTTP_BACKLOG = 2048;

  @Transform(toInt)
  @Min(0)
  @Max(1_000_000)
  @IsInt({ message: 'must be an integer (0: no limit)' })
  HTTP_MAX_CONNECTIONS = 10_000;
}

/** Variables whose values never appear in an error message. */
const SECRETS = new Set(['BILLING_SERVICE_TOKEN', 'JWT_SECRET', 'METRICS_TOKEN']);

export interface DatabaseConfig {
  /** A PostgreSQL URL; absent means the embedded database in `embeddedDir`. */
  url?: string;
  poolSize: number;
  /** The folder of the embedded database (when `url` is absent). */
  embeddedDir: string;
  migrationsRun: boolean;
  /** How long a connection or a statement of everything but the hot path may take before it fails. */
  queryTimeoutMs: number;
}

export interface HttpConfig {
  port: number;
  /** The listen queue of connections not yet accepted. */
  backlog: number;
  /** Open connections at most (0: no limit); beyond, new ones are closed at once. */
  maxConnections: number;
  /** After SIGTERM, how long the service may take to finish and exit before it exits anyway. */
  shutdownTimeoutMs: number;
}

export interface QuotaConfig {
  timezone: string;
  monthlyWindow: MonthlyWindowMode;
}

export interface AuthConfig {
  /** The HS256 key of user tokens; unset disables the admin and user APIs. */
  jwtSecret?: string;
}

export interface BillingConfig {
  /** The bearer token gateways present to the internal endpoints; unset disables them. */
  serviceToken?: string;
  /** The most charges one group-commit batch holds. */
  batchMax: number;
  /** Batches of each kind (charges, checks) that may run at once, each on its own connection. */
  batchesInFlight: number;
  /** The most charges (and, apart, checks) that may wait for a batch; past it they get 503 OVERLOADED. */
  queueMax: number;
  /** How long a billing statement may take before its callers are told the database is unavailable. */
  queryTimeoutMs: number;
  /** How long a hold counts when no charge settles it and no release releases it. */
  holdTtlSeconds: number;
}

/** The typed configuration every other module injects. */
export class AppConfig {
  readonly http: HttpConfig;
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly quota: QuotaConfig;
  readonly billing: BillingConfig;
  readonly auth: AuthConfig;
  /** The bearer token GET /metrics asks for; unset leaves it open. */
  readonly metricsToken?: string;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

/** One wrong variable: its name and what is wrong with it, with the fix. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The environment is wrong; `problems` has one entry per variable. Exits with code 2. */
export class ConfigError extends StartupError {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid environment configuration:\n  - ${problems.map((p) => `${p.variable}: ${p.message}`).join('\n  - ')}`,
      EXIT_CODES.configuration,
    );
  }
}

function describe(errors: ValidationError[]): ConfigProblem[] {
  return errors.map((error) => {
    const messages = Object.values(error.constraints ?? {}).map((m) =>
      m.replace(new RegExp(`^${error.property} `), ''),
    );
    const got = SECRETS.has(error.property) ? '' : ` (got ${JSON.stringify(error.value)})`;
    return { variable: error.property, message: `${messages.join('; ')}${got}` };
  });
}

/**
 * Validates raw variables (process environment merged with `.env`) and returns the typed config.
 * Empty strings count as unset, so `DATABASE_URL=` in a `.env` file selects the embedded database.
 */
export function validateEnv(raw: Record<string, unknown>): AppConfig {
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { exposeDefaultValues: true });
  const problems = describe(validateSync(env, { stopAtFirstError: true }));

  if (!IANAZone.isValidZone(env.QUOTA_TIMEZONE)) {
    problems.push({
      variable: 'QUOTA_TIMEZONE',
      message: `must be an IANA time zone name such as UTC or Asia/Shanghai (got ${JSON.stringify(env.QUOTA_TIMEZONE)})`,
    });
  }
  if (env.EMBEDDED_DB_DIR === 'memory://') {
    problems.push({
      variable: 'EMBEDDED_DB_DIR',
      message:
        'memory:// is no longer supported: the embedded database is a PostgreSQL server on a folder ' +
        '(use a temporary folder for a throw-away one)',
    });
  }
  if (env.DATABASE_URL !== undefined && !isPostgresUrl(env.DATABASE_URL)) {
    problems.push({
      variable: 'DATABASE_URL',
      message:
        'must be a postgres:// or postgresql:// URL such as postgres://user:password@host:5432/database ' +
        '(leave it unset for the embedded database)',
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return new AppConfig({
    http: {
      port: env.PORT,
      backlog: env.HTTP_BACKLOG,
      maxConnections: env.HTTP_MAX_CONNECTIONS,
      shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    },
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      embeddedDir: env.EMBEDDED_DB_DIR,
      migrationsRun: env.DB_MIGRATIONS_RUN,
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    },
    quota: { timezone: env.QUOTA_TIMEZONE, monthlyWindow: env.QUOTA_MONTHLY_WINDOW },
    billing: {
      serviceToken: env.BILLING_SERVICE_TOKEN,
      batchMax: env.BILLING_BATCH_MAX,
      batchesInFlight: env.BILLING_BATCHES_IN_FLIGHT,
      queueMax: env.BILLING_QUEUE_MAX,
      queryTimeoutMs: env.BILLING_QUERY_TIMEOUT_MS,
      holdTtlSeconds: env.BILLING_HOLD_TTL_SECONDS,
    },
    auth: { jwtSecret: env.JWT_SECRET },
    metricsToken: env.METRICS_TOKEN,
  });
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/**
 * The one loader of the environment, for the service, its CLIs and the TypeORM CLI: `.env` in the
 * working directory, if there is one, under the process environment (a variable set in both takes
 * the process's value), validated. Nothing is written back into `process.env`.
 */
export function loadConfig(): AppConfig {
  const file = existsSync('.env') ? parse(readFileSync('.env')) : {};
  return validateEnv({ ...file, ...process.env });
}
