/**
 * Once per test run: compiles the service into .test-build/ and bundles it into
 * .test-build/service.js as `npm start` runs it, for the tests that start it as a real process
 * (signals, boot failures, CLIs), since Nest needs the decorator metadata only tsc emits;
 * and, unless TEST_DATABASE_URL names a server, starts an embedded PostgreSQL server (the one the
 * service itself embeds) on a temporary folder, on which each test file gets its own database.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export default async function globalSetup() {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', '.test-build'],
    { stdio: 'inherit' },
  );
  const { bundleService } = await import(pathToFileURL(resolve('scripts/bundle.mjs')).href);
  await bundleService('.test-build');
  if (process.env.TEST_DATABASE_URL) return;
  const { EmbeddedPostgres } = await import(
    pathToFileURL(resolve('.test-build/src/database/embedded-postgres.js')).href
  );
  const folder = mkdtempSync(join(tmpdir(), 'quota-tests-'));
  // Durability is not what these tests are about: without fsync the server keeps up with them.
  const server = await EmbeddedPostgres.acquire(folder, {
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  globalThis.embeddedTestServer = { server, folder };
  // Test files run in workers started after this, with this environment.
  process.env.TEST_EMBEDDED_SERVER_URL = server.url;
}
