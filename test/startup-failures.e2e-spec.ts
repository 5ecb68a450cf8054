/**
 * A start that cannot succeed, as an operator meets it: the compiled service writes JSON lines
 * only, names the variable to fix and how, prints no stack trace, and exits with the code for the
 * kind of failure (README, "Exit codes").
 */
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { embeddedFolder } from './support/folders.js';
import { BUILD_DIR, type Finished, run } from './support/processes.js';
import { useTestDatabase } from './support/test-database.js';

/** The service as `npm start` runs it. */
const MAIN = join(BUILD_DIR, 'service.js');

interface Line {
  level: number;
  msg: string;
  variable?: string;
  exitCode?: number;
  err?: unknown;
}

/** Every line the process wrote, each of which must be JSON. */
function lines(result: Finished): Line[] {
  expect(result.stderr).toBe('');
  return result.stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);
}

/** The failure's own lines: fatal, naming a variable. */
function fatal(result: Finished): Line[] {
  return lines(result).filter((line) => line.level === 60 && line.variable !== undefined);
}

function withDatabase(url: string, database: string, user?: string, password?: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) parsed.username = user;
  if (password) parsed.password = password;
  return parsed.toString();
}

describe('a start that fails', () => {
  const db = useTestDatabase();
  const folder = embeddedFolder('quota-startup-');
  afterAll(() => folder.remove());

  it('exits 2 on a wrong configuration, one line per variable with the fix, before opening anything', async () => {
    const result = await run([MAIN], {
      EMBEDDED_DB_DIR: join(folder.dir, 'never'),
      JWT_SECRET: 'short',
      PORT: 'eighty',
      QUOTA_TIMEZONE: 'Mars/Olympus',
    });
    expect(result.code).toBe(2);
    const problems = fatal(result);
    expect(problems.map((line) => line.variable).sort()).toEqual(['JWT_SECRET', 'PORT', 'QUOTA_TIMEZONE']);
    expect(problems.find((line) => line.variable === 'JWT_SECRET')!.msg).toContain('openssl rand -base64 48');
    expect(problems.find((line) => line.variable === 'QUOTA_TIMEZONE')!.msg).toContain('"Mars/Olympus"');
    expect(lines(result).at(-1)).toMatchObject({ exitCode: 2, msg: expect.stringContaining('configuration') });
    expect(result.stdout).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('exits 3 naming DATABASE_URL, without its password, when the database does not exist', async () => {
    // The server's own password where it asks for one (the embedded server); one it ignores otherwise.
    const password = new URL(db.url).password || 'hunter2-secret';
    const url = withDatabase(db.url, 'quota_no_such_database', undefined, password);
    const result = await run([MAIN], { DATABASE_URL: url, PORT: '0' });
    expect(result.code).toBe(3);
    const [line] = fatal(result);
    expect(line).toMatchObject({ variable: 'DATABASE_URL', exitCode: 3 });
    expect(line.msg).toContain('the database "quota_no_such_database" does not exist');
    expect(line.msg).toContain('createdb');
    expect(result.stdout).not.toContain(password);
    expect(line.err).toBeUndefined();
  }, 120_000);

  it('exits 3 naming DATABASE_URL when the server refuses the user', async () => {
    const url = withDatabase(db.url, 'postgres', 'quota_no_such_role');
    const result = await run([MAIN], { DATABASE_URL: url, PORT: '0' });
    expect(result.code).toBe(3);
    const [line] = fatal(result);
    expect(line).toMatchObject({ variable: 'DATABASE_URL', exitCode: 3 });
    expect(line.msg).toContain('refused the user "quota_no_such_role"');
  }, 120_000);

  it('retries an unreachable server a few times, then exits 3 saying what to check', async () => {
    const closed = await freePort();
    const result = await run([MAIN], { DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${closed}/quota`, PORT: '0' });
    expect(result.code).toBe(3);
    const all = lines(result);
    expect(all.filter((line) => line.level === 40 && /Trying again in/.test(line.msg)).length).toBeGreaterThanOrEqual(
      2,
    );
    const [line] = fatal(result);
    expect(line.variable).toBe('DATABASE_URL');
    expect(line.msg).toContain(`nothing accepts connections at 127.0.0.1:${closed}`);
    expect(line.msg).toContain(`postgres://postgres@127.0.0.1:${closed}/quota`);
    expect(result.stdout).not.toContain(':pw@');
  }, 90_000);

  it('exits 4 naming PORT when the port is taken', async () => {
    const taken = await listening();
    try {
      const port = (taken.address() as AddressInfo).port;
      const result = await run([MAIN], { DATABASE_URL: db.url, PORT: String(port) });
      expect(result.code).toBe(4);
      const [line] = fatal(result);
      expect(line).toMatchObject({ variable: 'PORT', exitCode: 4 });
      expect(line.msg).toContain(`Port ${port} is in use`);
      expect(lines(result).some((l) => /Listening on port/.test(l.msg))).toBe(false);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  }, 120_000);
});

function listening(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () => resolve(server));
  });
}

async function freePort(): Promise<number> {
  const server = await listening();
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
