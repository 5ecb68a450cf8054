/**
 * Instances of the compiled service (see test/faults/global-setup.js) as real processes, each on
 * a port of its own, as an orchestrator runs them: started, waited for, signalled, killed.
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { SignJWT } from 'jose';

import { BUILD_DIR, type Finished, type Running, start } from '../../support/processes.js';

/**
 * The service as `npm start` runs it, from the suite's own build (test/faults/global-setup.js) or
 * the one `npm test` makes.
 */
export const MAIN = join(process.env.TEST_FAULTS_BUILD_DIR || BUILD_DIR, 'service.js');
export const SERVICE_TOKEN = 'fault-suite-service-token-0123456789';
export const JWT_SECRET = 'fault-suite-jwt-secret-0123456789abcdef0123';

/** What every instance gets: tokens, and logs at warn (a line per request would cost the CPU the load needs). */
const BASE_ENV: Record<string, string> = {
  BILLING_SERVICE_TOKEN: SERVICE_TOKEN,
  JWT_SECRET,
  LOG_LEVEL: 'warn',
  QUOTA_TIMEZONE: 'UTC',
};

export interface Instance {
  name: string;
  port: number;
  running: Running;
  pid: number;
  /** Whether the process has exited. */
  exited(): boolean;
  /** Sends `signal` and waits for the exit, at most `timeoutMs` (then SIGKILL). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<Finished>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** GET `path` on a fresh connection: its status, or undefined when nothing answered. */
export function probe(port: number, path: string, timeoutMs = 5000): Promise<number | undefined> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(undefined));
    req.end();
  });
}

/**
 * Starts an instance and waits until it answers /healthz (and, unless told otherwise, /readyz):
 * fails with its output if it exits first or takes longer than `timeoutMs`.
 */
export async function startInstance(
  name: string,
  env: Record<string, string>,
  options: { port?: number; ready?: boolean; timeoutMs?: number } = {},
): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const running = start([MAIN], { ...BASE_ENV, ...env, PORT: String(port) });
  const instance = wrap(name, port, running);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const path = options.ready === false ? '/healthz' : '/readyz';
  while ((await probe(port, path, 2000)) !== 200) {
    if (instance.exited() || Date.now() > deadline) {
      if (!instance.exited()) running.child.kill('SIGKILL');
      const { stdout, stderr } = running.output();
      throw new Error(`instance ${name} did not get ready on port ${port}:\n${stdout}\n${stderr}`);
    }
    await sleep(100);
  }
  return instance;
}

function wrap(name: string, port: number, running: Running): Instance {
  let done = false;
  void running.finished.then(() => (done = true));
  return {
    name,
    port,
    running,
    pid: running.child.pid!,
    exited: () => done,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000) {
      if (!done) running.child.kill(signal);
      const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
      try {
        return await running.finished;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Fails, with the end of what it printed, when `instance` has exited (it should have ridden the fault out). */
export function expectRunning(instance: Instance): void {
  if (!instance.exited()) return;
  const { stdout, stderr } = instance.running.output();
  const tail = (text: string) => text.split('\n').slice(-30).join('\n');
  throw new Error(`instance ${instance.name} exited:\n${tail(stdout)}\n${tail(stderr)}`);
}

/** Stops every instance still running (for afterAll): SIGKILL, since the test is over. */
export async function killAll(instances: Iterable<Instance | undefined>): Promise<void> {
  await Promise.all([...instances].filter((i) => i && !i.exited()).map((i) => i!.stop('SIGKILL', 5000)));
}

/** A bearer header for `userId`, signed as the service signs its user tokens. */
export async function bearer(userId: number): Promise<Record<string, string>> {
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
  return { Authorization: `Bearer ${token}` };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
