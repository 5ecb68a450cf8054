/**
 * A fresh database for one test file. With TEST_DATABASE_URL (a server where we may create
 * databases) it is a new database there, dropped afterwards; without it, an in-memory embedded
 * PostgreSQL that lives as long as the app using it.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_URL || undefined;

/** Tests that need several connections at once run only against a real server. */
export const describeOnServer = SERVER_URL ? describe : describe.skip;
export const SKIP_REASON_EMBEDDED =
  'needs TEST_DATABASE_URL: the embedded database serves one connection, so it cannot show concurrency';

export interface TestDatabase {
  /** Variables that point the app at this database. */
  env: Record<string, string>;
  /** The server URL, or undefined for the embedded database. */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!SERVER_URL) {
    return { env: { EMBEDDED_DB_DIR: 'memory://' }, drop: async () => undefined };
  }
  const name = `quota_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withServer((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () =>
      withServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withServer<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database for the tests of the enclosing `describe` (or file), dropped after them. The
 * object returned is filled in before the first test runs.
 */
export function useTestDatabase(): TestDatabase {
  const handle = {} as TestDatabase;
  beforeAll(async () => {
    Object.assign(handle, await createTestDatabase());
  });
  afterAll(async () => {
    await handle.drop?.();
  });
  return handle;
}
