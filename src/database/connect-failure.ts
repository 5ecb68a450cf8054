/**
 * Why the database could not be opened at start-up, in words an operator can act on: which
 * variable to look at (DATABASE_URL, shown without its password, or EMBEDDED_DB_DIR) and what to
 * check. The driver's own error object never reaches the log.
 */
import { driverError, isTransientError } from '../common/pg-errors.js';
import { EXIT_CODES, StartupError } from '../common/startup-error.js';
import type { DatabaseConfig } from '../config/app-config.js';
import { EmbeddedDatabaseError } from './embedded-postgres.js';

const PG_INVALID_CATALOG_NAME = '3D000';
const PG_INVALID_PASSWORD = '28P01';
const PG_INVALID_AUTHORIZATION = '28000';
const PG_INSUFFICIENT_PRIVILEGE = '42501';

/** DATABASE_URL as it may be printed: everything but the password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '';
    return parsed.toString().replace(/^(\w+:\/\/[^@/]*):@/, '$1@');
  } catch {
    return '(not a URL)';
  }
}

/** True when waiting may help: the server is not up yet, or out of connections for now. */
export function worthRetrying(error: unknown, config: DatabaseConfig): boolean {
  return config.url !== undefined && isTransientError(error);
}

/**
 * The start-up failure to report for an error raised while opening the database; errors that are
 * not about reaching it (a failing migration, a defect) are returned as they are.
 */
export function explainConnectFailure(error: unknown, config: DatabaseConfig): unknown {
  if (error instanceof EmbeddedDatabaseError) {
    return new StartupError(error.message, EXIT_CODES.database, 'EMBEDDED_DB_DIR', { cause: error });
  }
  if (config.url === undefined) return error;

  const url = new URL(config.url);
  const where = `the database of DATABASE_URL (${redactedUrl(config.url)})`;
  const server = `${url.hostname}:${url.port || 5432}`;
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
  const user = url.username ? `the user "${decodeURIComponent(url.username)}"` : 'the default user';
  const { code, message = '' } = driverError(error);

  const fail = (text: string) =>
    new StartupError(`Cannot open ${where}: ${text}`, EXIT_CODES.database, 'DATABASE_URL', { cause: error });

  switch (code) {
    case 'ECONNREFUSED':
      return fail(`nothing accepts connections at ${server}. Check that the server is running and the host and port.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail(`the host name ${url.hostname} does not resolve. Check the host.`);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ETIMEDOUT':
      return fail(`${server} cannot be reached from here. Check the host, the port and any firewall between.`);
    case PG_INVALID_CATALOG_NAME:
      return fail(
        `the database "${database}" does not exist on ${server}. Create it (createdb -h ${url.hostname} ` +
          `-p ${url.port || 5432} ${url.username ? `-U ${decodeURIComponent(url.username)} ` : ''}${database}) ` +
          'or name an existing one.',
      );
    case PG_INVALID_PASSWORD:
    case PG_INVALID_AUTHORIZATION:
      return fail(`the server refused ${user} (${message}). Check the user name and password.`);
    case PG_INSUFFICIENT_PRIVILEGE:
      return fail(
        `${user} may not do what the service needs (${message}). It must own the database, or be allowed to ` +
          'create tables in it, to run the migrations.',
      );
  }
  if (/timeout/i.test(message)) {
    return fail(
      `no answer from ${server} within DATABASE_QUERY_TIMEOUT_MS (${config.queryTimeoutMs} ms). ` +
        'Check that the server is running and reachable.',
    );
  }
  if (isTransientError(error)) return fail(`${message || code}. Check the server's log.`);
  if (code && /^(08|28)/.test(code)) return fail(`${message}.`);
  return error;
}
