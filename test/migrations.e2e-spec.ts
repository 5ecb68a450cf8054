/** The TypeORM CLI scripts (`npm run migration:*`) against a database of their own. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { validateEnv } from '../src/config/app-config.js';
import { createDataSource } from '../src/database/data-source.js';
import { MIGRATIONS } from '../src/migrations/index.js';
import { npmRun } from './support/processes.js';
import { useTestDatabase } from './support/test-database.js';

const APP_TABLES = ['admin_audit_log', 'quota_charges', 'quota_holds', 'settings', 'user_platform_quotas', 'users'];

describe('migration CLI', () => {
  const db = useTestDatabase();
  let env: Record<string, string>;
  let embeddedDir: string | undefined;

  beforeAll(() => {
    if (db.url) {
      env = { DATABASE_URL: db.url };
    } else {
      // An in-memory database dies with its process; the CLI needs one on disk.
      embeddedDir = mkdtempSync(join(tmpdir(), 'quota-cli-'));
      env = { EMBEDDED_DB_DIR: embeddedDir };
    }
  });

  afterAll(() => {
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  });

  const cli = (script: string) => npmRun(script, [], env);

  async function tables(): Promise<string[]> {
    const ds = await createDataSource(validateEnv({ ...env, DB_MIGRATIONS_RUN: 'false' }).database, {
      entities: [],
      migrations: MIGRATIONS,
    });
    await ds.initialize();
    try {
      const rows: { tablename: string }[] = await ds.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      );
      return rows.map((r) => r.tablename);
    } finally {
      await ds.destroy();
    }
  }

  it('runs, shows, reverts and runs again', async () => {
    const up = await cli('migration:run');
    expect(up.code).toBe(0);
    expect(await tables()).toEqual([...APP_TABLES, 'migrations'].sort());

    const shown = await cli('migration:show');
    for (const migration of MIGRATIONS) expect(shown.stdout).toMatch(new RegExp(`\\[X\\] \\d+ ${migration.name}`));

    // Each revert undoes one migration, newest first; after the last, no table of ours is left.
    for (let left = MIGRATIONS.length; left > 0; left--) {
      const down = await cli('migration:revert');
      expect(down.code).toBe(0);
      expect(down.stdout).toContain(`Migration ${MIGRATIONS[left - 1].name} has been reverted successfully`);
    }
    expect(await tables()).toEqual(['migrations']);

    const again = await cli('migration:run');
    expect(again.code).toBe(0);
    expect(await tables()).toEqual([...APP_TABLES, 'migrations'].sort());
  }, 180_000);
});
