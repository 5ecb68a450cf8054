/**
 * Two instances on one database under continuous keep-alive load, as a gateway with two backends
 * sees them: one is stopped with SIGTERM (it must tell its clients to go and exit within
 * SHUTDOWN_TIMEOUT_MS with every acknowledged charge recorded), or killed with SIGKILL (the
 * gateway retries what was in flight on the other, with the same request ids, and a replacement
 * comes up on the same port).
 */
import pg from 'pg';

import {
  BILLING,
  Gateway,
  lastAt,
  poll,
  report,
  round,
  send,
  splitRequest,
  tally,
  target,
  undocumented,
} from './support/gateway.js';
import { checkLedger, expectLedgerExact, seedUsers } from './support/ledger.js';
import { type Instance, killAll, SERVICE_TOKEN, sleep, startInstance } from './support/service.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SHUTDOWN_TIMEOUT_MS = 3000;
const WORKERS = 64;

describe('two instances under continuous load', () => {
  let db: TestDatabase;
  const instances: Instance[] = [];
  let users: number[];

  async function startPair(): Promise<[Instance, Instance]> {
    const env = { DATABASE_URL: db.url, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
    const a = await startInstance('a', env);
    const b = await startInstance('b', env);
    instances.push(a, b);
    return [a, b];
  }

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await killAll(instances.splice(0));
    await db.drop();
  });

  it('SIGTERM: the instance answers 503 SHUTTING_DOWN with Connection: close, exits within SHUTDOWN_TIMEOUT_MS, loses nothing', async () => {
    const [a, b] = await startPair();
    users = await seedUsers(db.url, 40);
    const [heldUser] = await seedUsers(db.url, 1);
    const gateway = new Gateway([a, b], { tag: 'term', workers: WORKERS, users }).start();
    const ready = poll(a, 'ready', '/readyz', { intervalMs: 10 });
    await sleep(3000);
    // A keep-alive connection whose next request is half sent when the signal comes (given time
    // to reach the server, which reads it among the load's requests).
    const late = await splitRequest(a.port, '/readyz');
    // A charge certainly in flight when the signal comes: another session holds the lock its
    // counter row needs until just after the signal.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query(`INSERT INTO user_platform_quotas (user_id, platform) VALUES ($1, 'openai')`, [heldUser]);
    const heldCharge = {
      requestId: 'term-held',
      userId: heldUser,
      platform: 'openai',
      costUsd: '0.0100000000',
    };
    gateway.sent.set(heldCharge.requestId, heldCharge);
    const direct = target('a', a.port);
    const held = send(direct, 'charge', 'POST', `${BILLING}/charge`, {
      body: { user_id: heldUser, platform: 'openai', cost_usd: heldCharge.costUsd, request_id: heldCharge.requestId },
      headers: { Authorization: `Bearer ${SERVICE_TOKEN}` },
    });
    await sleep(500);

    const signalled = performance.now();
    a.running.child.kill('SIGTERM');
    await sleep(100);
    const lateAnswer = await late.finish();
    await blocker.query('ROLLBACK');
    await blocker.end();
    const heldAnswer = (await held).call;
    direct.agent.destroy();
    if (heldAnswer.status === 200) gateway.acknowledged.set(heldCharge.requestId, heldCharge);
    const exit = await a.running.finished;
    const exitMs = performance.now() - signalled;
    await sleep(1500);
    await ready.stop();
    await gateway.stop();

    // Exited by itself with code 0, not by the SHUTDOWN_TIMEOUT_MS timer (code 1) or the signal.
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exitMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);

    // A request arriving on an old connection after the signal: 503 SHUTTING_DOWN, told to go.
    expect(lateAnswer).toMatchObject({ status: 503, code: 'SHUTTING_DOWN' });
    expect(lateAnswer.headers).toMatchObject({ connection: 'close', 'retry-after': '1' });
    // A request in flight when the signal came: finished, recorded, and its client told to go.
    expect({ status: heldAnswer.status, connection: heldAnswer.connection }).toEqual({
      status: 200,
      connection: 'close',
    });

    const fromA = [...gateway.calls.filter((c) => c.target === 'a'), heldAnswer];
    const answeredAfter = fromA.filter((c) => c.status !== undefined && c.sentAt + c.ms > signalled);
    // The instance told its clients to go, and from then on every answer did (answers read within
    // a few milliseconds of each other may be handled in either order).
    const closing = answeredAfter.filter((c) => c.connection === 'close');
    const firstClose = Math.min(...closing.map((c) => c.sentAt + c.ms));
    const keptOpen = answeredAfter.filter((c) => c.sentAt + c.ms > firstClose + 50 && c.connection !== 'close');
    expect(keptOpen).toEqual([]);
    const refused = answeredAfter.filter((c) => c.status !== 200);
    expect(refused.filter((c) => c.status !== 503 || c.code !== 'SHUTTING_DOWN')).toEqual([]);
    // The readiness probe: no 200 for a probe sent once the instance was seen closing.
    const readyAfter = ready.calls.filter((c) => c.sentAt > firstClose);
    expect(readyAfter.filter((c) => c.status === 200)).toEqual([]);
    expect(readyAfter.filter((c) => c.status !== undefined && c.code !== 'SHUTTING_DOWN')).toEqual([]);

    expect(undocumented(gateway.calls)).toEqual([]);
    // B never failed a call; A's clients may see a connection close under a request that crossed it.
    expect(gateway.calls.filter((c) => c.target === 'b' && c.error !== undefined)).toEqual([]);
    expect(gateway.unacknowledged).toEqual([]);
    // B kept serving after A left.
    expect(gateway.calls.some((c) => c.target === 'b' && c.sentAt > signalled + exitMs && c.status === 200)).toBe(true);
    const ledger = await checkLedger(db.url, gateway);
    expectLedgerExact(ledger);

    report('SIGTERM under load', {
      exitMs: round(exitMs),
      gateClosedMs: round(firstClose - signalled),
      lastReady200Ms: round(lastAt(ready.calls.filter((c) => c.status === 200)) - signalled),
      lateRequest: `${lateAnswer.status} ${lateAnswer.code}`,
      heldCharge: `${heldAnswer.status} Connection: ${heldAnswer.connection} after ${round(heldAnswer.ms)} ms`,
      answeredByAAfterSignal: tally(answeredAfter),
      transportErrorsOnA: tally(fromA.filter((c) => c.error !== undefined)),
      calls: tally(gateway.calls),
      ledger: { acknowledged: ledger.acknowledged, recorded: ledger.recorded, counters: ledger.rows },
    });
  });

  it('SIGKILL: the gateway retries elsewhere with the same request ids; a replacement on the same port serves', async () => {
    const [a, b] = await startPair();
    users = await seedUsers(db.url, 40);
    const gateway = new Gateway([a, b], { tag: 'kill', workers: WORKERS, users }).start();
    await sleep(3000);

    const killed = performance.now();
    a.running.child.kill('SIGKILL');
    await a.running.finished;
    await sleep(1500);
    const restarting = performance.now();
    const replacement = await startInstance('a', { DATABASE_URL: db.url }, { port: a.port });
    instances.push(replacement);
    const replaced = performance.now();
    await sleep(2000);
    await gateway.stop();

    expect(undocumented(gateway.calls)).toEqual([]);
    expect(gateway.calls.filter((c) => c.target === 'b' && c.error !== undefined)).toEqual([]);
    // The clients carried on with B while A was gone.
    const whileGone = gateway.calls.filter((c) => c.sentAt > killed && c.sentAt + c.ms < restarting);
    expect(whileGone.filter((c) => c.target === 'b' && c.status === 200).length).toBeGreaterThan(0);
    // The replacement took its share again once it was up.
    expect(gateway.calls.some((c) => c.target === 'a' && c.sentAt > replaced && c.status === 200)).toBe(true);
    expect(gateway.unacknowledged).toEqual([]);
    const ledger = await checkLedger(db.url, gateway);
    expectLedgerExact(ledger);

    const errors = gateway.calls.filter((c) => c.error !== undefined);
    report('SIGKILL under load', {
      transportErrors: tally(errors),
      lastErrorAfterKillMs: round(lastAt(errors) - killed),
      replacementStartMs: round(replaced - restarting),
      duplicatesAnswered: gateway.calls.filter((c) => c.duplicate).length,
      calls: tally(gateway.calls),
      ledger: {
        acknowledged: ledger.acknowledged,
        recorded: ledger.recorded,
        recordedUnacknowledged: ledger.recordedUnacknowledged,
      },
    });
  });
});
