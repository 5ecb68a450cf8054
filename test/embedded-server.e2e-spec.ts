/**
 * The embedded database (no DATABASE_URL), as `npm start` uses it on a fresh machine: a real
 * PostgreSQL server on a folder, shared by every process that opens the folder, stopped by the
 * last one to leave, taken over or restarted after a crash.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import request from 'supertest';

import { EmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { User } from '../src/users/user.entity.js';
import { embeddedFolder } from './support/folders.js';
import { BUILD_DIR, run, start, waitForOutput, type Running } from './support/processes.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** The service as `npm start` runs it. */
const MAIN = join(BUILD_DIR, 'service.js');
const TOKEN_CLI = join(BUILD_DIR, 'src', 'cli', 'token.cli.js');
const USER_CLI = join(BUILD_DIR, 'src', 'cli', 'user-create.cli.js');
const SERVICE_TOKEN = 'embedded-test-service-token-0123456789';
const JWT_SECRET = 'embedded-test-jwt-secret-0123456789abcdef';

/** The pid and status the server wrote into its postmaster.pid, or undefined when none runs. */
function postmaster(folder: string): { pid: number; status: string } | undefined {
  const file = join(folder, 'pgdata', 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const lines = readFileSync(file, 'utf8').split('\n');
  return { pid: Number(lines[0]), status: lines[7]?.trim() };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded database', () => {
  const folders: ReturnType<typeof embeddedFolder>[] = [];
  const newFolder = () => {
    const folder = embeddedFolder();
    folders.push(folder);
    return folder.dir;
  };
  const appOn = (folder: string) =>
    createTestApp({
      env: { EMBEDDED_DB_DIR: folder, BILLING_SERVICE_TOKEN: SERVICE_TOKEN },
      url: '',
      drop: async () => undefined,
    });

  afterAll(async () => {
    for (const folder of folders) {
      const server = postmaster(folder.dir);
      if (server && alive(server.pid)) process.kill(server.pid, 'SIGKILL');
      folder.remove();
    }
  });

  it('creates its folder with private credentials, keeps its data across restarts, stops with its last user', async () => {
    const folder = newFolder();
    const first = await appOn(folder);
    try {
      await request(first.http).get('/readyz').expect(200);
      await first.dataSource.getRepository(User).save({ email: 'kept@example.com', authSource: 'github' });
      const [{ version }] = await first.dataSource.query(
        `SELECT current_setting('server_version_num')::int AS version`,
      );
      expect(version).toBeGreaterThanOrEqual(180000);
      const [{ address }] = await first.dataSource.query(`SELECT current_setting('listen_addresses') AS address`);
      expect(address).toBe('127.0.0.1');
      // The service itself connects through the Unix socket in the data directory (no server address).
      const [{ socketDirs, serverAddress }] = await first.dataSource.query(
        `SELECT current_setting('unix_socket_directories') AS "socketDirs", inet_server_addr() AS "serverAddress"`,
      );
      // Quoted: the setting is a list, and a path may hold a comma.
      expect(socketDirs).toBe(`"${join(folder, 'pgdata')}"`);
      expect(serverAddress).toBeNull();
      // And so do the billing connections.
      await request(first.http)
        .post('/api/v1/internal/billing/check')
        .set('Authorization', `Bearer ${SERVICE_TOKEN}`)
        .send({ user_id: 1, platform: 'openai' })
        .expect(200);
      const billing = await first.dataSource.query(
        `SELECT client_addr FROM pg_stat_activity WHERE application_name = 'platform-quota-service billing'`,
      );
      expect(billing).toEqual([{ client_addr: null }]);
    } finally {
      await first.close();
    }
    expect(statSync(join(folder, 'instance.json')).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(join(folder, 'instance.json'), 'utf8'))).toMatchObject({
      user: 'postgres',
      database: 'quota',
      password: expect.stringMatching(/^[\w-]{32}$/),
    });
    expect(postmaster(folder)).toBeUndefined();

    const second = await appOn(folder);
    try {
      const kept = await second.dataSource.getRepository(User).findOneByOrFail({ email: 'kept@example.com' });
      expect(kept).toMatchObject({ authSource: 'github', role: 'user' });
    } finally {
      await second.close();
    }
  });

  it('answers 503, not 500, while its server is down and its socket gone', async () => {
    const folder = newFolder();
    const app = await appOn(folder);
    const check = () =>
      request(app.http)
        .post('/api/v1/internal/billing/check')
        .set('Authorization', `Bearer ${SERVICE_TOKEN}`)
        .send({ user_id: 1, platform: 'openai' });
    try {
      await check().expect(404);
      const server = postmaster(folder)!;
      // A clean stop removes the socket: connecting then fails with ENOENT, not ECONNREFUSED.
      process.kill(server.pid, 'SIGINT');
      await until(() => !alive(server.pid), 'the server stopped');
      expect(readdirSync(join(folder, 'pgdata')).filter((name) => name.startsWith('.s.PGSQL.'))).toEqual([]);
      const down = await check();
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    } finally {
      await app.close();
    }
  });

  it('is reached over TCP on the loopback interface when its folder is too deep for a Unix socket', async () => {
    // A socket's path is at most 107 bytes: pgdata/.s.PGSQL.<port> below this folder is longer.
    const folder = join(newFolder(), 'deep'.repeat(25));
    const app = await appOn(folder);
    try {
      const [{ socketDirs, serverAddress }] = await app.dataSource.query(
        `SELECT current_setting('unix_socket_directories') AS "socketDirs", host(inet_server_addr()) AS "serverAddress"`,
      );
      expect(socketDirs).toBe('');
      expect(serverAddress).toBe('127.0.0.1');
      await request(app.http).get('/readyz').expect(200);
    } finally {
      await app.close();
    }
    expect(postmaster(folder)).toBeUndefined();
  });

  it('is shared by every process that opens the folder, and stopped by the last one to leave', async () => {
    const folder = newFolder();
    const first = await appOn(folder);
    let second: TestApp | undefined;
    try {
      const server = postmaster(folder)!;
      second = await appOn(folder);
      expect(postmaster(folder)!.pid).toBe(server.pid);
      // What one writes, the other reads: one server.
      const user = await first.dataSource.getRepository(User).save({ email: 'both@example.com', authSource: 'email' });
      expect(await second.dataSource.getRepository(User).countBy({ id: user.id })).toBe(1);

      await first.close();
      expect(alive(server.pid)).toBe(true);
      await request(second.http).get('/readyz').expect(200);
      await second.close();
      second = undefined;
      await until(() => !alive(server.pid), 'the server stopped');
      expect(postmaster(folder)).toBeUndefined();
    } finally {
      await second?.close();
    }
  });

  it('serves the CLIs while the service runs, and the service keeps serving', async () => {
    const folder = newFolder();
    const env = { EMBEDDED_DB_DIR: folder, JWT_SECRET, PORT: '0' };
    const service = start([MAIN], env);
    try {
      await waitForOutput(service, (out) => out.includes('Listening on port'));
      const port = Number(/Listening on port (\d+)/.exec(service.output().stdout)![1]);
      const server = postmaster(folder)!;

      const created = await run(
        [USER_CLI, '--email', 'ops@example.com', '--auth-source', 'email', '--role', 'admin'],
        env,
      );
      expect(created).toMatchObject({ code: 0, stderr: '' });
      const admin = JSON.parse(created.stdout.trim());
      const minted = await run([TOKEN_CLI, '--user-id', String(admin.id)], env);
      expect(minted).toMatchObject({ code: 0, stderr: '' });

      const users = await fetch(`http://127.0.0.1:${port}/api/v1/admin/users`, {
        headers: { Authorization: `Bearer ${minted.stdout.trim()}` },
      });
      expect(users.status).toBe(200);
      expect(((await users.json()) as { items: { email: string }[] }).items.map((u) => u.email)).toEqual([
        'ops@example.com',
      ]);
      // The CLIs joined the service's server and left it running.
      expect(postmaster(folder)!.pid).toBe(server.pid);
      expect(alive(server.pid)).toBe(true);
    } finally {
      service.child.kill('SIGTERM');
      await service.finished;
    }
    expect(postmaster(folder)).toBeUndefined();
  }, 180_000);

  describe('after the service was killed', () => {
    let folder: string;
    let service: Running;
    const env = () => ({ EMBEDDED_DB_DIR: folder, BILLING_SERVICE_TOKEN: SERVICE_TOKEN, PORT: '0' });

    async function startService(): Promise<number> {
      service = start([MAIN], env());
      await waitForOutput(service, (out) => out.includes('Listening on port'));
      return Number(/Listening on port (\d+)/.exec(service.output().stdout)![1]);
    }

    async function charge(port: number, userId: number, requestId: string): Promise<number> {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/internal/billing/charge`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SERVICE_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ user_id: userId, platform: 'openai', cost_usd: '0.25', request_id: requestId }),
      });
      return res.status;
    }

    beforeEach(() => {
      folder = newFolder();
    });

    afterEach(async () => {
      if (service.child.exitCode === null && service.child.signalCode === null) {
        service.child.kill('SIGTERM');
        await service.finished;
      }
    });

    async function seedUser(): Promise<number> {
      const created = await run([USER_CLI, '--email', 'billed@example.com', '--auth-source', 'email'], env());
      expect(created.code).toBe(0);
      return JSON.parse(created.stdout.trim()).id;
    }

    async function recorded(): Promise<{ request_id: string; cost_usd: string }[]> {
      const server = await EmbeddedPostgres.acquire(folder);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        const { rows } = await client.query(`SELECT request_id, cost_usd::text FROM quota_charges ORDER BY id`);
        return rows;
      } finally {
        await client.end();
        await server.release();
      }
    }

    it('takes over the server the killed service left running, with every acknowledged charge', async () => {
      const port = await startService();
      const userId = await seedUser();
      for (const id of ['a', 'b', 'c']) expect(await charge(port, userId, id)).toBe(200);
      const orphan = postmaster(folder)!;
      service.child.kill('SIGKILL');
      await service.finished;
      expect(alive(orphan.pid)).toBe(true);

      const again = await startService();
      expect(postmaster(folder)!.pid).toBe(orphan.pid);
      expect(await charge(again, userId, 'd')).toBe(200);
      expect(await charge(again, userId, 'a')).toBe(200);
      service.child.kill('SIGTERM');
      await service.finished;
      await until(() => !alive(orphan.pid), 'the adopted server stopped');

      expect(await recorded()).toEqual(
        ['a', 'b', 'c', 'd'].map((request_id) => ({ request_id, cost_usd: '0.2500000000' })),
      );
    });

    it('starts a new server when the old one died with the service, over its stale postmaster.pid', async () => {
      const port = await startService();
      const userId = await seedUser();
      for (const id of ['a', 'b']) expect(await charge(port, userId, id)).toBe(200);
      const old = postmaster(folder)!;
      service.child.kill('SIGKILL');
      process.kill(old.pid, 'SIGKILL');
      await service.finished;
      await until(() => !alive(old.pid), 'the old server is gone');
      expect(existsSync(join(folder, 'pgdata', 'postmaster.pid'))).toBe(true);

      const again = await startService();
      expect(postmaster(folder)!.pid).not.toBe(old.pid);
      expect(await charge(again, userId, 'c')).toBe(200);
      service.child.kill('SIGTERM');
      await service.finished;

      expect((await recorded()).map((r) => r.request_id)).toEqual(['a', 'b', 'c']);
    });
  });

  it('makes the folders above it reachable and, as root, names a folder the server could not pass', async () => {
    const folder = newFolder();
    const nested = join(folder, 'a', 'b');
    const first = await appOn(nested);
    await first.close();
    expect(statSync(join(folder, 'a')).mode & 0o777).toBe(0o755 & ~process.umask());

    const closed = join(folder, 'private');
    mkdirSync(closed, { mode: 0o700 });
    if (process.getuid?.() === 0) {
      await expect(appOn(join(closed, 'db'))).rejects.toThrow(
        `${closed} is not searchable by the user "postgres" (mode 700)`,
      );
    } else {
      // The server runs as the same user, which owns the folder.
      await (await appOn(join(closed, 'db'))).close();
    }
  });

  it('refuses a folder the earlier embedded engine (PGlite) wrote, saying what to do', async () => {
    const folder = newFolder();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'PG_VERSION'), '17\n');
    const result = await run([MAIN], { EMBEDDED_DB_DIR: folder, PORT: '0' });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('');
    expect(result.stderr + result.stdout).toContain('holds a database of the earlier embedded engine (PGlite)');
    expect(result.stderr + result.stdout).toContain(`mv ${folder} ${folder}.old`);
    expect(existsSync(join(folder, 'pgdata'))).toBe(false);
  });
});
