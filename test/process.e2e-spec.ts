/** The compiled service as a real process: refusing bad configuration, and stopping on SIGTERM. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { embeddedFolder } from './support/folders.js';
import { BUILD_DIR, run, start, waitForOutput } from './support/processes.js';
import { createTestApp } from './support/test-app.js';
import { useTestDatabase } from './support/test-database.js';

const MAIN = join(BUILD_DIR, 'src', 'main.js');

describe('the service process', () => {
  const db = useTestDatabase();
  const folder = embeddedFolder('quota-process-');
  const dir = join(folder.dir, '..');

  afterAll(() => folder.remove());

  it.each([
    ['QUOTA_TIMEZONE', 'Europe/Atlantis'],
    ['QUOTA_MONTHLY_WINDOW', 'lunar'],
  ])('refuses to boot with a bad %s and names it', async (name, value) => {
    const result = await run([MAIN], { EMBEDDED_DB_DIR: join(dir, 'never'), [name]: value });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${name}: `);
    expect(result.stderr).toContain(JSON.stringify(value));
    // Validation happens before anything is opened.
    expect(existsSync(join(dir, 'never'))).toBe(false);

    await expect(createTestApp(db, { env: { [name]: value } })).rejects.toThrow(name);
  });

  it('stops cleanly on SIGTERM and stops the embedded database it started', async () => {
    const dataDir = folder.dir;
    const service = start([MAIN], { EMBEDDED_DB_DIR: dataDir, PORT: '0' });
    await waitForOutput(service, (out) => out.includes('Listening on port'));
    const port = Number(/Listening on port (\d+)/.exec(service.output().stdout)![1]);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(service.output().stdout).toContain(`Using the embedded PostgreSQL in ${dataDir}`);

    service.child.kill('SIGTERM');
    const result = await service.finished;
    // Nest re-raises the signal once its shutdown hooks are done; a crash would exit with code 1.
    expect(result.code === 0 || result.signal === 'SIGTERM').toBe(true);
    expect(result.stderr).toBe('');
    // The server goes last, after the service closed its connections and left it.
    expect(readdirSync(join(dataDir, 'pgdata'))).not.toContain('postmaster.pid');
    expect(readdirSync(join(dataDir, 'clients'))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
