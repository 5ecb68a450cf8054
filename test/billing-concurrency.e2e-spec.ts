/** Charges under real concurrency: several connections, several instances, one database. */
import request from 'supertest';

import pg from 'pg';

import { BillingService } from '../src/billing/billing.service.js';
import { BillingStore } from '../src/billing/billing-store.js';
import { requireUser } from '../src/users/users.errors.js';
import { PLATFORMS, type Platform } from '../src/common/domain.constants.js';
import { formatMoney, Money, ZERO } from '../src/common/money.js';
import { createUser } from './support/fixtures.js';
import { createTestApp, TestApp, useTestApp } from './support/test-app.js';
import { useTestDatabase } from './support/test-database.js';

const TOKEN = 'concurrency-token-0123456789abcdef';

/** A random cost with up to 10 fraction digits; every third one as a JSON number. */
function randomCost(i: number): string | number {
  const text = `${Math.floor(Math.random() * 5)}.${String(Math.floor(Math.random() * 1e10)).padStart(10, '0')}`;
  return i % 3 === 0 ? Number(text.slice(0, 8)) : text;
}

interface Planned {
  userId: number;
  platform: Platform;
  costUsd: string | number;
  requestId: string;
}

/** Polls `condition` every 20 ms until it holds; fails after 5 s. */
async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function expectedSums(charges: Planned[]): Map<string, Money> {
  const sums = new Map<string, Money>();
  for (const c of charges) {
    const key = `${c.userId}:${c.platform}`;
    sums.set(key, (sums.get(key) ?? ZERO).plus(new Money(String(c.costUsd))));
  }
  return sums;
}

async function storedSums(t: TestApp, userIds: number[]) {
  const rows: {
    user_id: string;
    platform: string;
    daily: string;
    weekly: string;
    monthly: string;
    ledger: string;
    n: number;
  }[] = await t.dataSource.query(
    `SELECT q.user_id, q.platform, q.daily_usage_usd AS daily, q.weekly_usage_usd AS weekly, q.monthly_usage_usd AS monthly,
              (SELECT sum(cost_usd) FROM quota_charges c WHERE c.user_id = q.user_id AND c.platform = q.platform) AS ledger,
              (SELECT count(*)::int FROM quota_charges c WHERE c.user_id = q.user_id AND c.platform = q.platform) AS n
         FROM user_platform_quotas q WHERE q.user_id = ANY($1) AND q.deleted_at IS NULL`,
    [userIds],
  );
  return new Map(rows.map((r) => [`${r.user_id}:${r.platform}`, r]));
}

/** The database of the file, dropped after the apps of the describe below are closed. */
const db = useTestDatabase();

describe('concurrent charges', () => {
  // Two instances on one database, built one after the other, so that only the first runs the migrations.
  const a = useTestApp({ db, env: { BILLING_SERVICE_TOKEN: TOKEN } });
  const b = useTestApp({ db, env: { BILLING_SERVICE_TOKEN: TOKEN, DB_MIGRATIONS_RUN: 'false' } });

  async function users(n: number): Promise<number[]> {
    return Promise.all(Array.from({ length: n }, async () => (await createUser(a.dataSource)).id));
  }

  function plan(userIds: number[], n: number, prefix: string): Planned[] {
    return Array.from({ length: n }, (_, i) => ({
      userId: userIds[i % userIds.length],
      platform: PLATFORMS[Math.floor(i / userIds.length) % PLATFORMS.length],
      costUsd: randomCost(i),
      requestId: `${prefix}-${i}`,
    }));
  }

  async function expectExactSums(planned: Planned[], userIds: number[]) {
    const expected = expectedSums(planned);
    const stored = await storedSums(a, userIds);
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, sum] of expected) {
      const row = stored.get(key)!;
      const want = sum.toDecimalPlaces(10).toFixed(10);
      expect({ key, daily: row.daily, weekly: row.weekly, monthly: row.monthly, ledger: row.ledger }).toEqual({
        key,
        daily: want,
        weekly: want,
        monthly: want,
        ledger: want,
      });
    }
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM quota_charges WHERE user_id = ANY($1)`, [
      userIds,
    ]);
    expect(n).toBe(new Set(planned.map((c) => c.requestId)).size);
  }

  it('1,000 concurrent charges over users x platforms add up to the exact decimal sums', async () => {
    const ids = await users(5);
    const planned = plan(ids, 1000, 'thousand');
    const billing = a.app.get(BillingService);
    const results = await Promise.all(planned.map((c) => billing.charge(c)));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    await expectExactSums(planned, ids);
  });

  it('the same request id sent 20 times at once is charged once; a different payload is refused', async () => {
    const [id] = await users(1);
    const body = { user_id: id, platform: 'openai', cost_usd: '0.1234567891', request_id: 'twenty-times' };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(a.http).post('/api/v1/internal/billing/charge').set('Authorization', `Bearer ${TOKEN}`).send(body),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => !r.body.duplicate)).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.daily_usage_usd))).toEqual(new Set(['0.1234567891']));
    const conflict = await request(a.http)
      .post('/api/v1/internal/billing/charge')
      .set('Authorization', `Bearer ${TOKEN}`)
      .send({ ...body, cost_usd: '0.2' })
      .expect(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const [{ n, usage }] = await a.dataSource.query(
      `SELECT (SELECT count(*)::int FROM quota_charges WHERE request_id = 'twenty-times') AS n,
              (SELECT daily_usage_usd FROM user_platform_quotas WHERE user_id = $1 AND platform = 'openai') AS usage`,
      [id],
    );
    expect({ n, usage }).toEqual({ n: 1, usage: '0.1234567891' });
  });

  it('two instances charging the same rows at once, with shared request ids, keep exact sums', async () => {
    const ids = await users(3);
    const planned = plan(ids, 800, 'two-instances');
    // Every charge goes to one instance; every fifth goes to both, as a gateway retrying elsewhere would.
    const toA = planned.filter((_, i) => i % 2 === 0 || i % 5 === 0);
    const toB = planned.filter((_, i) => i % 2 === 1 || i % 5 === 0);
    const [fromA, fromB] = await Promise.all([
      Promise.all(toA.map((c) => a.app.get(BillingService).charge(c))),
      Promise.all(toB.map((c) => b.app.get(BillingService).charge(c))),
    ]);
    const shared = planned.filter((_, i) => i % 5 === 0).map((c) => c.requestId);
    const firstTimes = [...fromA, ...fromB].filter((r) => shared.includes(r.requestId) && !r.duplicate);
    expect(firstTimes).toHaveLength(shared.length);
    await expectExactSums(planned, ids);
  });

  it('reports each charge’s own running usage, consistent with the ledger order', async () => {
    const [id] = await users(1);
    const billing = b.app.get(BillingService);
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        billing.charge({ userId: id, platform: 'gemini', costUsd: '0.01', requestId: `running-${i}` }),
      ),
    );
    const usages = results.map((r) => formatMoney(r.usage.daily)).sort((x, y) => Number(x) - Number(y));
    expect(usages).toEqual(Array.from({ length: 200 }, (_, i) => formatMoney(new Money('0.01').times(i + 1))));
  });

  it('an admin write holding a user does not stall charges, for that user or any other', async () => {
    const [held, other] = await users(2);
    const runner = a.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      // What every admin write to a user's quotas does first.
      await requireUser(runner.manager, held, { lock: true });
      const billing = a.app.get(BillingService);
      const started = Date.now();
      const results = await Promise.all([
        billing.charge({ userId: held, platform: 'openai', costUsd: '1', requestId: 'held-1' }),
        billing.charge({ userId: other, platform: 'openai', costUsd: '1', requestId: 'held-2' }),
      ]);
      expect(results.map((r) => r.usage.daily.toFixed())).toEqual(['1', '1']);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await runner.commitTransaction();
      await runner.release();
    }
  });

  it('a batch that times out answers 503 for all its charges at once, without splitting, and a retry charges once', async () => {
    const [stuck, free] = await users(2);
    // One batch in flight, so both charges share it; the server gives up on it after 300 ms.
    const timed = await createTestApp(db, {
      env: {
        DB_MIGRATIONS_RUN: 'false',
        BILLING_SERVICE_TOKEN: TOKEN,
        BILLING_BATCHES_IN_FLIGHT: '1',
        BILLING_QUERY_TIMEOUT_MS: '300',
      },
    });
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO user_platform_quotas (user_id, platform) VALUES ($1, 'openai') RETURNING id`, [
        stuck,
      ]);
      const charges = [
        { user_id: stuck, platform: 'openai', cost_usd: '1', request_id: 'timeout-1' },
        { user_id: free, platform: 'openai', cost_usd: '2', request_id: 'timeout-2' },
      ];
      const started = Date.now();
      const res = await request(timed.http)
        .post('/api/v1/internal/billing/charges')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ charges })
        .expect(200);
      // Split in halves, each half would have waited its own 300 ms.
      expect(Date.now() - started).toBeLessThan(900);
      expect(res.body.results.map((r: { error?: { code: string } }) => r.error?.code)).toEqual([
        'DATABASE_UNAVAILABLE',
        'DATABASE_UNAVAILABLE',
      ]);
      await blocker.query('ROLLBACK');

      const retried = await request(timed.http)
        .post('/api/v1/internal/billing/charges')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ charges })
        .expect(200);
      expect(retried.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true]);
      const [{ n }] = await a.dataSource.query(
        `SELECT count(*)::int AS n FROM quota_charges WHERE request_id LIKE 'timeout-%'`,
      );
      expect(n).toBe(2);
    } finally {
      await blocker.end();
      await timed.close();
    }
  });

  it('past BILLING_QUEUE_MAX waiting charges, new ones get 503 OVERLOADED at once; retried later, each is charged once', async () => {
    const [stuck, free] = await users(2);
    const small = await createTestApp(db, {
      env: {
        DB_MIGRATIONS_RUN: 'false',
        BILLING_SERVICE_TOKEN: TOKEN,
        BILLING_BATCHES_IN_FLIGHT: '1',
        BILLING_QUEUE_MAX: '1000',
      },
    });
    const billing = small.app.get(BillingService);
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    const post = (path: string, body: object) =>
      request(small.http).post(`/api/v1/internal/billing/${path}`).set('Authorization', `Bearer ${TOKEN}`).send(body);
    const charge = (user: number, id: string) => ({
      user_id: user,
      platform: 'openai',
      cost_usd: '0.001',
      request_id: id,
    });
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO user_platform_quotas (user_id, platform) VALUES ($1, 'openai') RETURNING id`, [
        stuck,
      ]);
      // The one batch in flight waits on the lock...
      const blocked = billing.charge({ userId: stuck, platform: 'openai', costUsd: '1', requestId: 'queue-stuck' });
      await waitFor(async () => {
        const [{ n }] = await a.dataSource.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND application_name = 'platform-quota-service billing'`,
        );
        return n === 1;
      });
      // ...and 1000 charges, submitted in one tick, fill the queue behind it.
      const waiting = Array.from({ length: 1000 }, (_, i) =>
        billing.charge({ userId: free, platform: 'openai', costUsd: '0.001', requestId: `queue-full-${i}` }),
      );
      const refused = await post('charge', charge(free, 'queue-late-1')).expect(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.body).toMatchObject({ statusCode: 503, code: 'OVERLOADED' });
      const refusedBatch = await post('charges', { charges: [charge(free, 'queue-late-2')] }).expect(200);
      expect(refusedBatch.body.results).toEqual([
        {
          ok: false,
          error: { statusCode: 503, code: 'OVERLOADED', message: expect.any(String), retryAfterSeconds: 1 },
        },
      ]);

      await blocker.query('ROLLBACK');
      await expect(blocked).resolves.toMatchObject({ duplicate: false });
      expect((await Promise.all(waiting)).every((r) => !r.duplicate)).toBe(true);

      const late = ['queue-late-1', 'queue-late-2', 'queue-full-0'].map((id) => charge(free, id));
      const retried = await post('charges', { charges: late }).expect(200);
      expect(retried.body.results.map((r: { charge: { duplicate: boolean } }) => r.charge.duplicate)).toEqual([
        false,
        false,
        true,
      ]);
      const [{ n, total }] = await a.dataSource.query(
        `SELECT count(*)::int AS n, sum(cost_usd)::text AS total FROM quota_charges WHERE user_id = $1`,
        [free],
      );
      expect([n, total]).toEqual([1002, '1.0020000000']);
    } finally {
      await blocker.end();
      await small.close();
    }
  });

  it('runs the hot path on connections of its own that always use the generic plan, even for batches of one', async () => {
    const [user] = await users(1);
    const quiet = await createTestApp(db, {
      env: { DB_MIGRATIONS_RUN: 'false', BILLING_SERVICE_TOKEN: TOKEN, BILLING_BATCHES_IN_FLIGHT: '1' },
    });
    try {
      const billing = quiet.app.get(BillingService);
      // One at a time, as on a quiet service: each batch holds one charge.
      for (let i = 0; i < 8; i++) {
        await billing.charge({ userId: user, platform: 'openai', costUsd: '1', requestId: `plan-${i}` });
      }
      const [{ n }] = await a.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'platform-quota-service billing'`,
      );
      expect(n).toBeGreaterThanOrEqual(1);
      // Reaching into the store for its pool: the plan counts are visible only to its own session,
      // the one idle connection every charge above ran on.
      const pool = (quiet.app.get(BillingStore) as unknown as { pool: pg.Pool }).pool;
      const { rows } = await pool.query(
        `SELECT generic_plans::int AS generic, custom_plans::int AS custom
           FROM pg_prepared_statements WHERE name = 'quota_charge_batch'`,
      );
      expect(rows).toEqual([{ generic: 8, custom: 0 }]);
    } finally {
      await quiet.close();
    }
  });

  it('with two batches in flight, a charge stuck behind a lock does not hold up the other batch', async () => {
    const [stuck, free] = await users(2);
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`INSERT INTO user_platform_quotas (user_id, platform) VALUES ($1, 'openai') RETURNING id`, [
        stuck,
      ]);
      const post = (user: number, id: string) =>
        request(a.http)
          .post('/api/v1/internal/billing/charges')
          .set('Authorization', `Bearer ${TOKEN}`)
          .send({ charges: [{ user_id: user, platform: 'openai', cost_usd: '1', request_id: id }] });
      // The first batch waits on the lock; a second may leave meanwhile, with the other charge.
      const [blocked, answered] = [post(stuck, 'two-lanes-1'), post(free, 'two-lanes-2')].map((r) => r.then());
      const first = await Promise.race([blocked.then(() => 'stuck'), answered.then(() => 'free')]);
      expect(first).toBe('free');
      expect((await answered).body.results[0]).toMatchObject({ ok: true, charge: { daily_usage_usd: '1' } });
      await blocker.query('ROLLBACK');
      expect((await blocked).body.results[0]).toMatchObject({ ok: true, charge: { daily_usage_usd: '1' } });
    } finally {
      await blocker.end();
    }
  });

  it('a charge racing the deletion of its user may be recorded, but the next one is refused', async () => {
    const [user] = await users(1);
    const charge = (id: string) =>
      request(a.http)
        .post('/api/v1/internal/billing/charge')
        .set('Authorization', `Bearer ${TOKEN}`)
        .send({ user_id: user, platform: 'openai', cost_usd: '1', request_id: id });
    await charge('race-delete-0').expect(200);
    const deleting = new pg.Client({ connectionString: db.url });
    await deleting.connect();
    try {
      // As UsersService.remove does: the user's rows, then the user, in one transaction.
      await deleting.query('BEGIN');
      await deleting.query(`UPDATE user_platform_quotas SET deleted_at = now() WHERE user_id = $1`, [user]);
      const racing = charge('race-delete-1').then();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await deleting.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [user]);
      await deleting.query('COMMIT');
      expect((await racing).status).toBe(200);
    } finally {
      await deleting.end();
    }
    const next = await charge('race-delete-2').expect(404);
    expect(next.body).toMatchObject({ code: 'USER_NOT_FOUND' });
  });
});
