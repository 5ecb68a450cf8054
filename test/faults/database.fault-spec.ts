/**
 * The database failing under an instance that is charging, as a gateway sees it: its connections
 * killed again and again, the server stopping to answer (a blackhole, through a TCP proxy the test
 * controls), the server crashing (kill -9) and coming back. The instance stays up throughout; its
 * answers are 200 or 503 DATABASE_UNAVAILABLE with Retry-After, within the documented bounds;
 * a gateway that retries with the same request ids gets every charge recorded exactly once.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EmbeddedPostgres } from '../../src/database/embedded-postgres.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TcpProxy, throughProxy } from '../support/tcp-proxy.js';
import { type Call, Gateway, lastAt, poll, report, round, tally, undocumented } from './support/gateway.js';
import { checkLedger, expectLedgerExact, seedUsers, withClient } from './support/ledger.js';
import { bearer, expectRunning, type Instance, killAll, sleep, startInstance } from './support/service.js';

const BILLING_QUERY_TIMEOUT_MS = 1000;
const DATABASE_QUERY_TIMEOUT_MS = 2000;
/** What the issue allows beyond a timeout for the answer to reach the caller. */
const ANSWER_MARGIN_MS = 500;
const TIMEOUTS = {
  BILLING_QUERY_TIMEOUT_MS: String(BILLING_QUERY_TIMEOUT_MS),
  DATABASE_QUERY_TIMEOUT_MS: String(DATABASE_QUERY_TIMEOUT_MS),
  SHUTDOWN_TIMEOUT_MS: '3000',
};

const billing = (calls: Call[]) => calls.filter((c) => c.kind === 'check' || c.kind === 'charge');
const slowest = (calls: Call[]) => round(Math.max(0, ...calls.map((c) => c.ms)));
/** The answers that are not 200 or 503 DATABASE_UNAVAILABLE (with Retry-After, see `undocumented`). */
const notUnavailable = (calls: Call[]) =>
  calls.filter((c) => c.error !== undefined || (c.status !== 200 && c.code !== 'DATABASE_UNAVAILABLE'));

describe('the database failing under load', () => {
  const instances: Instance[] = [];

  afterEach(async () => {
    await killAll(instances.splice(0));
  });

  describe('on the test server', () => {
    let db: TestDatabase;

    beforeEach(async () => {
      db = await createTestDatabase();
    });

    afterEach(async () => {
      await db.drop();
    });

    it("connection kills: the service's backends terminated every 200 ms; answers stay 200 or 503, nothing lost or doubled", async () => {
      const a = await startInstance('a', { DATABASE_URL: db.url, ...TIMEOUTS });
      instances.push(a);
      const users = await seedUsers(db.url, 40);
      const [admin] = await seedUsers(db.url, 1, 'admin');
      const gateway = new Gateway([a], { tag: 'kills', workers: 32, users, checkFirst: true }).start();
      const console_ = poll(a, 'admin', `/api/v1/admin/users/${users[0]}`, {
        intervalMs: 50,
        headers: await bearer(admin),
      });
      await sleep(1500);

      const killed: number[] = [];
      const started = performance.now();
      await withClient(db.url, async (client) => {
        while (performance.now() - started < 8000) {
          const { rowCount } = await client.query(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()
               AND application_name LIKE 'platform-quota-service%'`,
          );
          killed.push(rowCount ?? 0);
          await sleep(200);
        }
      });
      const lastKill = performance.now();
      await sleep(2500);
      await console_.stop();
      await gateway.stop();
      expectRunning(a);

      // The kills hit the service's connections, and its callers noticed.
      expect(killed.filter((n) => n > 0).length).toBeGreaterThan(killed.length / 2);
      const calls = [...gateway.calls, ...console_.calls];
      expect(calls.some((c) => c.code === 'DATABASE_UNAVAILABLE')).toBe(true);
      expect(undocumented(calls)).toEqual([]);
      expect(notUnavailable(calls)).toEqual([]);
      expect(billing(calls).filter((c) => c.ms > BILLING_QUERY_TIMEOUT_MS + ANSWER_MARGIN_MS)).toEqual([]);
      expect(console_.calls.filter((c) => c.ms > DATABASE_QUERY_TIMEOUT_MS + ANSWER_MARGIN_MS)).toEqual([]);
      // Served again once the kills stopped, the console too.
      const after = calls.filter((c) => c.sentAt > lastKill + 1500);
      expect(after.filter((c) => c.kind === 'charge' && c.status === 200).length).toBeGreaterThan(0);
      expect(after.filter((c) => c.kind === 'admin' && c.status === 200).length).toBeGreaterThan(0);
      expect(gateway.unacknowledged).toEqual([]);
      const ledger = await checkLedger(db.url, gateway);
      expectLedgerExact(ledger);

      report('connection kills', {
        rounds: killed.length,
        backendsKilled: killed.reduce((sum, n) => sum + n, 0),
        slowestBillingMs: slowest(billing(calls)),
        slowestAdminMs: slowest(console_.calls),
        calls: tally(gateway.calls),
        admin: tally(console_.calls),
        ledger: {
          acknowledged: ledger.acknowledged,
          recorded: ledger.recorded,
          recordedUnacknowledged: ledger.recordedUnacknowledged,
        },
      });
    });

    it('blackhole: every billing call answered within BILLING_QUERY_TIMEOUT_MS + 0.5 s, every admin call within DATABASE_QUERY_TIMEOUT_MS + 0.5 s; recovers after', async () => {
      const direct = new URL(db.url);
      const proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
      try {
        const a = await startInstance('a', { DATABASE_URL: throughProxy(db.url, proxy.port), ...TIMEOUTS });
        instances.push(a);
        const users = await seedUsers(db.url, 40);
        const [admin] = await seedUsers(db.url, 1, 'admin');
        const gateway = new Gateway([a], { tag: 'hole', workers: 32, users, checkFirst: true }).start();
        const auth = await bearer(admin);
        // More admin callers than the admin pool has connections (DATABASE_POOL_SIZE, 10): some
        // wait for a connection, and that wait is bounded too.
        const pollers = Array.from({ length: 12 }, (_, i) =>
          poll(a, 'admin', i % 2 ? `/api/v1/admin/users/${users[i]}` : '/api/v1/admin/users?page_size=20', {
            intervalMs: 50,
            headers: auth,
          }),
        );
        const ready = poll(a, 'ready', '/readyz', { intervalMs: 100 });
        await sleep(1500);

        const holed = performance.now();
        proxy.blackhole();
        await sleep(5000);
        const restored = performance.now();
        proxy.restore();
        await sleep(3000);
        await Promise.all([...pollers.map((p) => p.stop()), ready.stop()]);
        await gateway.stop();
        expectRunning(a);

        const admins = pollers.flatMap((p) => p.calls);
        const calls = [...gateway.calls, ...admins, ...ready.calls];
        const during = calls.filter((c) => c.sentAt > holed && c.sentAt + c.ms < restored);
        // The blackhole was felt, by every kind of caller.
        for (const kind of ['check', 'admin', 'ready'] as const) {
          expect(during.filter((c) => c.kind === kind && c.status === 503).length).toBeGreaterThan(0);
        }
        expect(undocumented(calls.filter((c) => c.kind !== 'ready'))).toEqual([]);
        expect(notUnavailable([...gateway.calls, ...admins])).toEqual([]);
        expect(ready.calls.filter((c) => c.status !== 200 && c.status !== 503)).toEqual([]);
        // The bounds, on every call: none waited the blackhole out. A call already under way when
        // the database stopped answering is timed from then.
        const waited = (c: Call) => c.sentAt + c.ms - Math.max(c.sentAt, holed);
        const billingBound = BILLING_QUERY_TIMEOUT_MS + ANSWER_MARGIN_MS;
        const adminBound = DATABASE_QUERY_TIMEOUT_MS + ANSWER_MARGIN_MS;
        expect(billing(calls).filter((c) => waited(c) > billingBound)).toEqual([]);
        expect([...admins, ...ready.calls].filter((c) => waited(c) > adminBound)).toEqual([]);
        // Recovered without a restart, for every kind of caller.
        const after = calls.filter((c) => c.sentAt > restored + 1500);
        for (const kind of ['check', 'charge', 'admin', 'ready'] as const) {
          expect(after.filter((c) => c.kind === kind && c.status === 200).length).toBeGreaterThan(0);
        }
        expect(gateway.unacknowledged).toEqual([]);
        const ledger = await checkLedger(db.url, gateway);
        expectLedgerExact(ledger);

        const firstChargeBack = gateway.calls.filter(
          (c) => c.kind === 'charge' && c.status === 200 && c.sentAt > restored,
        );
        report('blackholed database', {
          longestBillingWaitMs: round(Math.max(...billing(calls).map(waited))),
          longestAdminWaitMs: round(Math.max(...admins.map(waited))),
          longestReadyWaitMs: round(Math.max(...ready.calls.map(waited))),
          firstChargeAfterRestoreMs: round(Math.min(...firstChargeBack.map((c) => c.sentAt + c.ms)) - restored),
          billingDuring: tally(billing(during)),
          adminDuring: tally(admins.filter((c) => during.includes(c))),
          calls: tally(gateway.calls),
          ledger: {
            acknowledged: ledger.acknowledged,
            recorded: ledger.recorded,
            recordedUnacknowledged: ledger.recordedUnacknowledged,
          },
        });
      } finally {
        await killAll(instances.splice(0));
        await proxy.close();
      }
    });
  });

  it('crash: the PostgreSQL server is killed -9 and started again; the instance serves again without a restart', async () => {
    // A server of this test's own, from the binaries the service embeds, reached through a proxy
    // (the address a service is given stays the same when the server comes back on another port).
    const folder = mkdtempSync(join(tmpdir(), 'quota-faults-crash-'));
    const servers: EmbeddedPostgres[] = [];
    let proxy: TcpProxy | undefined;
    try {
      servers.push(await EmbeddedPostgres.acquire(folder, { settings: { max_connections: '50' } }));
      const url = servers[0].url;
      proxy = await TcpProxy.start({ host: '127.0.0.1', port: Number(new URL(url).port) });
      const a = await startInstance('a', { DATABASE_URL: throughProxy(url, proxy.port), ...TIMEOUTS });
      instances.push(a);
      const users = await seedUsers(url, 40);
      const gateway = new Gateway([a], { tag: 'crash', workers: 32, users }).start();
      await sleep(2000);

      const crashed = performance.now();
      const postmaster = Number(readFileSync(join(folder, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
      // The server runs in a process group of its own: the postmaster and every backend at once.
      process.kill(-postmaster, 'SIGKILL');
      await gone(postmaster);
      const acknowledgedAtCrash = gateway.acknowledged.size;
      await sleep(1500);

      const restarting = performance.now();
      servers.push(await EmbeddedPostgres.acquire(folder, { settings: { max_connections: '50' } }));
      proxy.retarget({ host: '127.0.0.1', port: Number(new URL(servers[1].url).port) });
      const back = performance.now();
      await sleep(3000);
      await gateway.stop();
      expectRunning(a);

      const down = gateway.calls.filter((c) => c.sentAt > crashed + 50 && c.sentAt + c.ms < restarting);
      expect(down.filter((c) => c.status === 503).length).toBeGreaterThan(0);
      expect(down.filter((c) => c.status === 200)).toEqual([]);
      expect(undocumented(gateway.calls)).toEqual([]);
      expect(notUnavailable(gateway.calls)).toEqual([]);
      expect(gateway.calls.filter((c) => c.ms > BILLING_QUERY_TIMEOUT_MS + ANSWER_MARGIN_MS)).toEqual([]);
      // Served again soon after the server came back (a worker waits out Retry-After: 1 s).
      const firstBack = Math.min(
        ...gateway.calls.filter((c) => c.status === 200 && c.sentAt > back).map((c) => c.sentAt + c.ms),
      );
      expect(firstBack - back).toBeLessThan(2500);
      expect(gateway.unacknowledged).toEqual([]);
      // What was acknowledged before the crash survived it (write-ahead log), and all the rest.
      const ledger = await checkLedger(servers[1].url, gateway);
      expectLedgerExact(ledger);

      report('database crash and restart', {
        acknowledgedAtCrash,
        restartMs: round(back - restarting),
        firstChargeAfterRestartMs: round(firstBack - back),
        whileDown: tally(down),
        slowestMs: slowest(gateway.calls),
        lastAnswerMs: round(lastAt(gateway.calls) - crashed),
        calls: tally(gateway.calls),
        ledger: {
          acknowledged: ledger.acknowledged,
          recorded: ledger.recorded,
          recordedUnacknowledged: ledger.recordedUnacknowledged,
        },
      });
    } finally {
      await killAll(instances.splice(0));
      await proxy?.close();
      for (const server of servers) await server.release();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * Waits until the processes of the group `pgid` have exited: those that are only zombies (the
 * backends, whose parent died, until something reaps them) count as gone.
 */
async function gone(pgid: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && groupMembers(pgid).some((state) => state !== 'Z')) await sleep(20);
}

/** The states (R, S, Z...) of the processes whose process group is `pgid`. */
function groupMembers(pgid: number): string[] {
  const states: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid pgrp ...; comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(group) === pgid) states.push(state);
    } catch {
      // Exited meanwhile.
    }
  }
  return states;
}
