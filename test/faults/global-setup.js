/**
 * Once per run of the fault suite: compiles and bundles the service (as `npm start` runs it) into
 * a build folder of the suite's own (under node_modules/.cache, so that the compiled service still
 * finds the project's packages and web console), since other test runs rebuild .test-build/ while
 * they start, and a scenario starts instances for minutes; then, unless TEST_DATABASE_URL names a
 * server, starts an embedded PostgreSQL server on a temporary folder, as
 * test/support/global-setup.js does for `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const FAULTS_BUILD_DIR = resolve('node_modules/.cache/quota-faults-build');

export default async function globalSetup() {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', FAULTS_BUILD_DIR],
    { stdio: 'inherit' },
  );
  const { bundleService } = await import(pathToFileURL(resolve('scripts/bundle.mjs')).href);
  await bundleService(FAULTS_BUILD_DIR);
  process.env.TEST_FAULTS_BUILD_DIR = FAULTS_BUILD_DIR;
  if (process.env.TEST_DATABASE_URL) return;
  const { EmbeddedPostgres } = await import(
    pathToFileURL(join(FAULTS_BUILD_DIR, 'src/database/embedded-postgres.js')).href
  );
  const folder = mkdtempSync(join(tmpdir(), 'quota-faults-'));
  // The scenarios open a few hundred connections; durability within this server is not what they
  // test (the crash scenario runs a server of its own, with its defaults).
  const server = await EmbeddedPostgres.acquire(folder, {
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  globalThis.embeddedTestServer = { server, folder };
  process.env.TEST_EMBEDDED_SERVER_URL = server.url;
}
