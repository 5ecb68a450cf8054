/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback port by
 * pglite-socket, so the app talks to it through node-postgres exactly as to a real server.
 * PGlite is a single-connection database: the pool in front of it has one connection, and a lock
 * file keeps a second process (another instance, a CLI) from opening the same folder.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import type { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export const IN_MEMORY = 'memory://';
const LOCK_FILE = 'quota-service.lock';

export class EmbeddedDatabaseBusyError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is in use by process ${pid}. Stop that process first, ` +
        'or point DATABASE_URL at a PostgreSQL server.',
    );
  }
}

export class EmbeddedPostgres {
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly lockPath: string | undefined,
    readonly url: string,
  ) {}

  /** Opens (or creates) the database in `dir` and serves it on a free loopback port. */
  static async start(dir: string): Promise<EmbeddedPostgres> {
    const lockPath = dir === IN_MEMORY ? undefined : acquireLock(resolve(dir));
    try {
      // Loaded only when used: a service on a PostgreSQL server never pays for the WebAssembly build.
      const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([
        import('@electric-sql/pglite'),
        import('@electric-sql/pglite-socket'),
      ]);
      const db = await PGlite.create(dir === IN_MEMORY ? IN_MEMORY : resolve(dir));
      // The pool holds one connection, but node-postgres replaces a connection after a failed query:
      // room for a second lets the replacement in while the old socket is still closing (with one,
      // the server cuts the newcomer off). The server runs one query at a time either way.
      const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 2 });
      await server.start();
      return new EmbeddedPostgres(db, server, lockPath, `postgres://postgres@${server.getServerConn()}/postgres`);
    } catch (error) {
      if (lockPath) rmSync(lockPath, { force: true });
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      await this.server.stop();
      await this.db.close();
    } finally {
      if (this.lockPath) rmSync(this.lockPath, { force: true });
    }
  }
}

function acquireLock(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const lockPath = join(dir, LOCK_FILE);
  for (;;) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && (owner === process.pid || isAlive(owner))) {
      throw new EmbeddedDatabaseBusyError(dir, owner);
    }
    // Left behind by a process that died without cleaning up.
    rmSync(lockPath, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
