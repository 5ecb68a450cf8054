/**
 * Replicas and crowds: several instances started at once on an empty database (a rolling deploy,
 * a scale-up) all come up, the migrations applied once; and many gateway connections opened at
 * once are all answered with documented statuses, every acknowledged charge recorded once.
 */
import { connect, type Socket } from 'node:net';

import { MIGRATIONS } from '../../src/migrations/index.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { type Call, Gateway, percentile, report, round, tally, undocumented } from './support/gateway.js';
import { checkLedger, expectLedgerExact, seedUsers, withClient } from './support/ledger.js';
import { type Instance, killAll, probe, sleep, startInstance } from './support/service.js';

const INSTANCES = 4;
const CONNECTIONS = 1500;

describe('replicas and crowds', () => {
  let db: TestDatabase;
  const instances: Instance[] = [];

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await killAll(instances.splice(0));
    await db.drop();
  });

  it(`${INSTANCES} instances started together on an empty database all come up; each migration is applied once`, async () => {
    const started = performance.now();
    const starting = Array.from({ length: INSTANCES }, (_, i) =>
      startInstance(`r${i}`, { DATABASE_URL: db.url }, { timeoutMs: 90_000 }),
    );
    const outcomes = await Promise.allSettled(starting);
    for (const outcome of outcomes) if (outcome.status === 'fulfilled') instances.push(outcome.value);
    const upMs = performance.now() - started;
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);

    const applied = await withClient(db.url, async (client) => {
      const { rows } = await client.query<{ name: string; times: number }>(
        'SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name',
      );
      return rows;
    });
    const expected = MIGRATIONS.map((m) => new m().name ?? m.name).sort();
    expect(applied).toEqual(expected.map((name) => ({ name, times: 1 })));

    // Each of them serves, on the schema they share.
    const users = await seedUsers(db.url, 20);
    const gateway = new Gateway(instances, { tag: 'replicas', workers: 16, users }).start();
    await sleep(1500);
    await gateway.stop();
    for (const instance of instances) {
      expect(gateway.calls.some((c) => c.target === instance.name && c.status === 200)).toBe(true);
    }
    expect(gateway.calls.filter((c) => c.status !== 200)).toEqual([]);
    expect(gateway.unacknowledged).toEqual([]);
    const ledger = await checkLedger(db.url, gateway);
    expectLedgerExact(ledger);

    report('instances started together', {
      instances: INSTANCES,
      allUpMs: round(upMs),
      migrations: applied.length,
      calls: tally(gateway.calls),
    });
  });

  it(`overload: ${CONNECTIONS} connections opened at once, each charging; every answer a documented one`, async () => {
    // The smallest queue allowed, so that a crowd can fill it: OVERLOADED is then one of the answers.
    const a = await startInstance('a', { DATABASE_URL: db.url, BILLING_QUEUE_MAX: '1000' });
    instances.push(a);
    const users = await seedUsers(db.url, 200);
    const gateway = new Gateway([a], { tag: 'crowd', workers: CONNECTIONS, users }).start();
    await sleep(4000);
    await gateway.stop(60_000);

    const charges: Call[] = gateway.calls;
    expect(undocumented(charges)).toEqual([]);
    // The listen queue (HTTP_BACKLOG) takes the crowd: no connection refused or reset.
    expect(charges.filter((c) => c.error !== undefined)).toEqual([]);
    expect(charges.filter((c) => c.status !== 200 && c.code !== 'OVERLOADED')).toEqual([]);
    // Slow under the crowd, but no caller is left hanging.
    expect(charges.filter((c) => c.ms > 20_000)).toEqual([]);
    expect(gateway.unacknowledged).toEqual([]);
    const ledger = await checkLedger(db.url, gateway);
    expectLedgerExact(ledger);

    const ms = charges.map((c) => c.ms);
    report('overload', {
      connections: CONNECTIONS,
      p50Ms: round(percentile(ms, 50)),
      p99Ms: round(percentile(ms, 99)),
      slowestMs: round(Math.max(...ms)),
      calls: tally(charges),
      ledger: { acknowledged: ledger.acknowledged, recorded: ledger.recorded },
    });
  });

  it('HTTP_MAX_CONNECTIONS: connections beyond it are closed at once, the others served; then new ones are served again', async () => {
    const a = await startInstance('a', { DATABASE_URL: db.url, HTTP_MAX_CONNECTIONS: '40' });
    instances.push(a);
    await sleep(500); // the readiness probes' connections are gone

    const opened = await Promise.all(Array.from({ length: 60 }, () => keepAliveGet(a.port, '/healthz')));
    const served = opened.filter((o) => o.status === 200);
    const closed = opened.filter((o) => o.status === undefined);
    for (const o of opened) o.socket.destroy();

    expect(served.length + closed.length).toBe(60);
    expect(served.length).toBeLessThanOrEqual(40);
    expect(served.length).toBeGreaterThanOrEqual(35);
    // Closed at once, not left waiting.
    expect(closed.filter((o) => o.ms > 2000)).toEqual([]);
    await sleep(500);
    expect(await probe(a.port, '/healthz')).toBe(200);

    report('HTTP_MAX_CONNECTIONS', {
      limit: 40,
      opened: 60,
      served: served.length,
      closed: closed.length,
      slowestCloseMs: round(Math.max(...closed.map((o) => o.ms))),
    });
  });
});

/**
 * Opens a connection, sends one keep-alive GET and waits for its answer or for the connection to
 * close first; the connection stays open after an answer (as a gateway's pool keeps it).
 */
function keepAliveGet(port: number, path: string): Promise<{ status?: number; ms: number; socket: Socket }> {
  const started = performance.now();
  const socket = connect(port, '127.0.0.1');
  return new Promise((done) => {
    let received = '';
    const finish = (status?: number) => done({ status, ms: performance.now() - started, socket });
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1];
      if (status && received.includes('\r\n\r\n')) finish(Number(status));
    });
    socket.on('error', () => undefined);
    socket.on('close', () => finish(undefined));
    socket.setTimeout(10_000, () => socket.destroy());
  });
}
