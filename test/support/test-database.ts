/**
 * A fresh database for one test file, dropped afterwards: on the server TEST_DATABASE_URL names
 * (where the tests may create databases), or, without it, on the embedded PostgreSQL server that
 * global-setup.js started for this run.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export const SERVER_URL = process.env.TEST_DATABASE_URL || process.env.TEST_EMBEDDED_SERVER_URL;

export interface TestDatabase {
  /** Variables that point the app at this database. */
  env: Record<string, string>;
  /** Its URL. */
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!SERVER_URL) throw new Error('No database server: TEST_DATABASE_URL is unset and no embedded one was started');
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
