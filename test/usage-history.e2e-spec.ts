/** A user's daily spending, from the ledger: for admins about any user, for users about themselves. */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { signedIn } from './support/auth.js';
import { createUser } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { HOUR } from './support/time.js';

describe('usage history', () => {
  const t = useTestApp({ env: { QUOTA_TIMEZONE: 'Asia/Shanghai' } });
  let admin: Record<string, string>;

  beforeAll(async () => {
    admin = (await signedIn(t, 'admin')).auth;
  });

  /** Charges at given instants (the clock set to each). */
  async function chargeAt(userId: number, entries: [string, string, string][]) {
    const billing = t.app.get(BillingService);
    for (const [at, platform, cost] of entries) {
      t.clock.set(at);
      await billing.charge({ userId, platform, costUsd: cost, requestId: `h-${userId}-${at}-${platform}-${cost}` });
    }
  }

  it('sums charges per local day and platform, every day of the range present, oldest first', async () => {
    const user = await createUser(t.dataSource);
    await chargeAt(user.id, [
      // 2026-05-18 in Shanghai (UTC+8) runs from 2026-05-17T16:00Z.
      ['2026-05-17T16:30:00Z', 'openai', '1.25'],
      ['2026-05-18T10:00:00Z', 'openai', '0.75'],
      ['2026-05-18T15:59:59Z', 'gemini', '0.1'],
      // 2026-05-19 local.
      ['2026-05-18T16:00:00Z', 'gemini', '0.2'],
      // Outside the range asked for (more than 3 days ago).
      ['2026-05-10T12:00:00Z', 'openai', '99'],
    ]);
    t.clock.set('2026-05-20T10:00:00Z');
    const res = await request(t.http)
      .get(`/api/v1/admin/users/${user.id}/usage-history`)
      .query({ days: 3 })
      .set(admin)
      .expect(200);
    const zero = { anthropic: '0', openai: '0', gemini: '0', antigravity: '0' };
    expect(res.body).toEqual({
      timezone: 'Asia/Shanghai',
      from: '2026-05-18',
      to: '2026-05-20',
      days: [
        { date: '2026-05-18', costs: { ...zero, openai: '2', gemini: '0.1' } },
        { date: '2026-05-19', costs: { ...zero, gemini: '0.2' } },
        { date: '2026-05-20', costs: zero },
      ],
    });
  });

  it('gives 30 days by default and up to 366, and refuses other lengths', async () => {
    const user = await createUser(t.dataSource);
    const days = async (query: object) =>
      request(t.http).get(`/api/v1/admin/users/${user.id}/usage-history`).query(query).set(admin);
    expect((await days({})).body.days).toHaveLength(30);
    expect((await days({ days: 366 })).body.days).toHaveLength(366);
    for (const bad of [0, 367, 'week', 1.5]) {
      const res = await days({ days: bad });
      expect(res.status).toBe(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['days']);
    }
  });

  it('is the caller’s own at /api/v1/user/usage-history, and admins only may read another user’s', async () => {
    const me = await signedIn(t, 'user');
    const other = await createUser(t.dataSource);
    t.clock.set(new Date(Date.now() - HOUR));
    await chargeAt(me.user.id, [[new Date(Date.now() - HOUR).toISOString(), 'anthropic', '3']]);
    t.clock.set(new Date());
    const own = await request(t.http).get('/api/v1/user/usage-history').query({ days: 2 }).set(me.auth).expect(200);
    const total = own.body.days.reduce(
      (sum: number, d: { costs: { anthropic: string } }) => sum + Number(d.costs.anthropic),
      0,
    );
    expect(total).toBe(3);
    await request(t.http).get(`/api/v1/admin/users/${other.id}/usage-history`).set(me.auth).expect(403);
    await request(t.http).get('/api/v1/user/usage-history').expect(401);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await request(t.http).get('/api/v1/admin/users/987654321/usage-history').set(admin).expect(404);
    expect(res.body.code).toBe('USER_NOT_FOUND');
  });

  it('has the (user_id, charged_at) index a user’s range is read from, covering platform and cost', async () => {
    const [index] = await t.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'quota_charges' AND indexname = 'quota_charges_user_id_charged_at_idx'`,
    );
    expect(index.indexdef).toContain('(user_id, charged_at) INCLUDE (platform, cost_usd)');
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      // A young table is read whole; told not to, the planner shows the index serves the query.
      await runner.query('SET LOCAL enable_seqscan = off');
      const [{ 'QUERY PLAN': plan }] = await runner.query(
        `EXPLAIN (FORMAT JSON) SELECT platform, sum(cost_usd) FROM quota_charges
          WHERE user_id = 1 AND charged_at >= now() - interval '90 days' GROUP BY platform`,
      );
      // The index alone answers: the platform and the cost are in it.
      expect(JSON.stringify(plan)).toContain('"Node Type":"Index Only Scan"');
      expect(JSON.stringify(plan)).toContain('quota_charges_user_id_charged_at_idx');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('usage history across a daylight saving change', () => {
  const t = useTestApp({ env: { QUOTA_TIMEZONE: 'America/New_York' } });

  it('counts a charge in the local day it fell in, on days of 23 and 25 hours', async () => {
    const { auth } = await signedIn(t, 'admin');
    const user = await createUser(t.dataSource);
    const billing = t.app.get(BillingService);
    const entries: [string, string][] = [
      // 2026-03-08 in New York has 23 hours: 05:00Z to 04:00Z the next day (EDT from 07:00Z).
      ['2026-03-08T05:00:00Z', '1'],
      ['2026-03-09T03:59:59Z', '2'],
      // 2026-03-09 starts at 04:00Z.
      ['2026-03-09T04:00:00Z', '4'],
      // 2026-11-01 has 25 hours: 04:00Z to 05:00Z the next day.
      ['2026-11-01T04:00:00Z', '8'],
      ['2026-11-02T04:30:00Z', '16'],
      // 2026-11-02 starts at 05:00Z.
      ['2026-11-02T05:00:00Z', '32'],
    ];
    for (const [at, cost] of entries) {
      t.clock.set(at);
      await billing.charge({ userId: user.id, platform: 'anthropic', costUsd: cost, requestId: `dst-${at}` });
    }
    const spent = async (now: string, days: number) => {
      t.clock.set(now);
      const res = await request(t.http)
        .get(`/api/v1/admin/users/${user.id}/usage-history`)
        .query({ days })
        .set(auth)
        .expect(200);
      return Object.fromEntries(
        (res.body.days as { date: string; costs: { anthropic: string } }[])
          .filter((day) => day.costs.anthropic !== '0')
          .map((day) => [day.date, day.costs.anthropic]),
      );
    };
    expect(await spent('2026-03-10T12:00:00Z', 4)).toEqual({ '2026-03-08': '3', '2026-03-09': '4' });
    expect(await spent('2026-11-03T12:00:00Z', 4)).toEqual({ '2026-11-01': '24', '2026-11-02': '32' });
  });
});
