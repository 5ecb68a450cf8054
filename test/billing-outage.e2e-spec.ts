/**
 * The database goes away in the middle of a load, behind a TCP proxy the test controls: callers
 * get 503, nothing acknowledged is lost, retries after recovery are charged once, and the same
 * instance carries on without a restart.
 */
import request from 'supertest';

import { Money, ZERO } from '../src/common/money.js';
import { createUser } from './support/fixtures.js';
import { TcpProxy, throughProxy } from './support/tcp-proxy.js';
import { type TestApp, useTestApp } from './support/test-app.js';
import { type TestDatabase, useTestDatabase } from './support/test-database.js';

const TOKEN = 'outage-token-0123456789abcdef';
const CHARGES = 400;

/** The database of the file, dropped after the app and the proxy of the describe below are closed. */
const db = useTestDatabase();

describe('database outage', () => {
  let proxy: TcpProxy;
  /** The same database, reached through the proxy: filled in before the app is built on it. */
  const proxied = {} as TestDatabase;
  let userId: number;

  beforeAll(async () => {
    const direct = new URL(db.url!);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    Object.assign(proxied, { ...db, env: { DATABASE_URL: throughProxy(db.url!, proxy.port) } });
  });

  const t = useTestApp({ db: proxied, env: { BILLING_SERVICE_TOKEN: TOKEN, BILLING_QUERY_TIMEOUT_MS: '3000' } });

  beforeAll(async () => {
    userId = (await createUser(t.dataSource)).id;
  });

  // After-hooks run in the order they are declared: this one, after useTestApp's, once the app is closed.
  afterAll(async () => {
    await proxy?.close();
  });

  const charge = (i: number) =>
    request(t.http)
      .post('/api/v1/internal/billing/charge')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({
        user_id: userId,
        platform: 'openai',
        cost_usd: `0.${String(i + 1).padStart(4, '0')}`,
        request_id: `outage-${i}`,
      });

  it('answers 503 while the database is gone and loses nothing', async () => {
    const acknowledged = new Map<number, string>();
    const statuses: number[] = [];
    let cutDone = false;

    // 400 charges from 16 concurrent callers; the link is cut a third of the way through.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < CHARGES) {
          const i = next++;
          if (i === Math.floor(CHARGES / 3) && !cutDone) {
            cutDone = true;
            proxy.cut();
            setTimeout(() => proxy.restore(), 1500);
          }
          const res = await charge(i);
          statuses.push(res.status);
          if (res.status === 200) acknowledged.set(i, res.body.request_id);
          else expect(res.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
        }
      }),
    );
    expect(new Set(statuses)).toEqual(new Set([200, 503]));
    expect(acknowledged.size).toBeLessThan(CHARGES);

    // After recovery the gateway retries what failed (and, to be sure, everything): each id is charged once.
    await waitUntilReady(t);
    const replies = [];
    for (let i = 0; i < CHARGES; i += 50) {
      replies.push(...(await Promise.all(Array.from({ length: Math.min(50, CHARGES - i) }, (_, k) => charge(i + k)))));
    }
    expect(replies.map((r) => r.status)).toEqual(Array(CHARGES).fill(200));
    for (const [i] of acknowledged) expect(replies[i].body.duplicate).toBe(true);

    const expected = Array.from({ length: CHARGES }, (_, i) => new Money(`0.${String(i + 1).padStart(4, '0')}`)).reduce(
      (a, b) => a.plus(b),
      ZERO,
    );
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM quota_charges WHERE user_id = $1) AS n,
              (SELECT daily_usage_usd FROM user_platform_quotas WHERE user_id = $1 AND platform = 'openai') AS usage`,
      [userId],
    );
    expect(row).toEqual({ n: CHARGES, usage: expected.toFixed(10) });
  });

  it('reports not ready while the database is unreachable, and ready again after', async () => {
    proxy.cut();
    try {
      const res = await request(t.http).get('/readyz').expect(503);
      expect(res.body).toMatchObject({ statusCode: 503, code: 'NOT_READY' });
      const check = await request(t.http)
        .post('/api/v1/internal/billing/check')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ user_id: userId, platform: 'openai' })
        .expect(503);
      expect(check.body.code).toBe('DATABASE_UNAVAILABLE');
    } finally {
      proxy.restore();
    }
    await waitUntilReady(t);
  });
});

async function waitUntilReady(t: TestApp): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await request(t.http).get('/readyz')).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the service did not become ready again');
}
