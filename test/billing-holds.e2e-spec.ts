/**
 * Holds: a check with hold_usd reserves an estimated cost, the charge of the same request id
 * settles it, a release releases it, and it stops counting at its expiry. Through the internal
 * HTTP API and BillingService, on one instance and on two sharing a database.
 */
import { jest } from '@jest/globals';
import request from 'supertest';

import { BillingStore } from '../src/billing/billing-store.js';
import { BillingService } from '../src/billing/billing.service.js';
import { OPTIMISTIC_ATTEMPTS } from '../src/billing/hold-batch.js';
import { DomainError } from '../src/common/domain-error.js';
import { Money } from '../src/common/money.js';
import { createUser, setQuota } from './support/fixtures.js';
import { FakeClock } from './support/fake-clock.js';
import { createTestApp, type TestApp, useTestApp } from './support/test-app.js';
import { useTestDatabase } from './support/test-database.js';
import { NOW, SECOND, TODAY } from './support/time.js';

const TOKEN = 'holds-test-token-0123456789abcdef';
const TTL_MS = 600 * SECOND;

const post = (t: TestApp, path: string, body: object) =>
  request(t.http).post(`/api/v1/internal/billing/${path}`).set('Authorization', `Bearer ${TOKEN}`).send(body);

/** A user whose openai daily limit is `limit` with `usage` spent today. */
async function userWith(t: TestApp, limit: string | number, usage: string | number = 0): Promise<number> {
  const user = await createUser(t.dataSource);
  await setQuota(t.dataSource, user.id, 'openai', {
    limits: { daily: limit },
    usage: { daily: usage, weekly: usage, monthly: usage },
    starts: { daily: TODAY, weekly: TODAY, monthly: TODAY },
  });
  return user.id;
}

async function holdRows(t: TestApp, userId: number) {
  return (await t.dataSource.query(
    `SELECT request_id, amount_usd, state FROM quota_holds WHERE user_id = $1 ORDER BY request_id`,
    [userId],
  )) as { request_id: string; amount_usd: string; state: string }[];
}

/** Waits until a statement of the test's database waits for a row lock. */
async function waitForLockWaiter(t: TestApp): Promise<void> {
  for (let tries = 0; tries < 200; tries += 1) {
    const [row] = await t.dataSource.query(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (row.waiting > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('no statement waited for the row lock within 5 s');
}

async function dailyUsage(t: TestApp, userId: number): Promise<string> {
  const [row] = await t.dataSource.query(
    `SELECT daily_usage_usd FROM user_platform_quotas WHERE user_id = $1 AND platform = 'openai'`,
    [userId],
  );
  return row.daily_usage_usd;
}

describe('holds on one instance', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: TOKEN } });

  beforeEach(() => t.clock.set(NOW));

  const check = (body: object) => post(t, 'check', body);

  it('grants a hold that fits, answers its id, amount and expiry, and counts it as used', async () => {
    const id = await userWith(t, '10', '4');
    const res = await check({ user_id: id, platform: 'openai', hold_usd: '1.25', request_id: 'grant-1' }).expect(200);
    expect(res.body).toMatchObject({
      allowed: true,
      held_usd: '1.25',
      daily_usage_usd: '4',
      daily_remaining_usd: '4.75',
      hold: {
        request_id: 'grant-1',
        user_id: id,
        platform: 'openai',
        amount_usd: '1.25',
        state: 'held',
        created_at: NOW,
        expires_at: new Date(Date.parse(NOW) + TTL_MS).toISOString(),
        duplicate: false,
      },
    });
    expect(await holdRows(t, id)).toEqual([{ request_id: 'grant-1', amount_usd: '1.2500000000', state: 'held' }]);
    // The id answered is the stored row's.
    const [{ id: rowId }] = await t.dataSource.query(`SELECT id FROM quota_holds WHERE request_id = 'grant-1'`);
    expect(res.body.hold.id).toBe(Number(rowId));

    // A check without a hold counts what is held as used.
    const plain = await check({ user_id: id, platform: 'openai' }).expect(200);
    expect(plain.body).toMatchObject({ held_usd: '1.25', daily_usage_usd: '4', daily_remaining_usd: '4.75' });
    expect(plain.body.hold).toBeUndefined();
  });

  it('refuses a hold that does not fit with the 429 of an exhausted window, naming what is held', async () => {
    const id = await userWith(t, '10', '6');
    await check({ user_id: id, platform: 'openai', hold_usd: 3, request_id: 'fits' }).expect(200);
    const res = await check({ user_id: id, platform: 'openai', hold_usd: '1.01', request_id: 'too-much' }).expect(429);
    expect(res.headers['retry-after']).toBe(String(14 * 3600));
    expect(res.body).toEqual({
      statusCode: 429,
      code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
      message: 'Daily usage quota exhausted for this platform.',
      details: {
        platform: 'openai',
        window: 'daily',
        limit_usd: '10',
        usage_usd: '6',
        held_usd: '3',
        hold_usd: '1.01',
        disabled: false,
        resets_at: '2026-05-21T00:00:00.000Z',
      },
    });
    // Exactly the room left still fits; then a plain check is refused, naming what is held.
    await check({ user_id: id, platform: 'openai', hold_usd: '1', request_id: 'exact' }).expect(200);
    const plain = await check({ user_id: id, platform: 'openai' }).expect(429);
    expect(plain.body.details).toMatchObject({ usage_usd: '6', held_usd: '4' });
    expect((await holdRows(t, id)).map((h) => h.request_id)).toEqual(['exact', 'fits']);
  });

  it('never grants under a limit of 0, not even a hold of 0; an unlimited platform always grants', async () => {
    const id = await userWith(t, 0);
    await check({ user_id: id, platform: 'openai', hold_usd: 0, request_id: 'zero-0' }).expect(429);
    await check({ user_id: id, platform: 'openai', hold_usd: '0.01', request_id: 'zero-1' }).expect(429);
    expect(await holdRows(t, id)).toEqual([]);
    // A disabled window is named first, as a plain check names it: no Retry-After, nothing to wait for.
    const both = await createUser(t.dataSource);
    await setQuota(t.dataSource, both.id, 'openai', {
      limits: { daily: '1', monthly: 0 },
      usage: { daily: '1' },
      starts: { daily: TODAY },
    });
    const disabled = await check({ user_id: both.id, platform: 'openai', hold_usd: 1, request_id: 'zero-2' }).expect(
      429,
    );
    expect(disabled.headers['retry-after']).toBeUndefined();
    expect(disabled.body.details).toMatchObject({ window: 'monthly', disabled: true, resets_at: null, hold_usd: '1' });
    const res = await check({ user_id: id, platform: 'gemini', hold_usd: '500', request_id: 'free' }).expect(200);
    expect(res.body).toMatchObject({ held_usd: '500', daily_limit_usd: null, hold: { amount_usd: '500' } });
  });

  it('refuses hold_usd without request_id (and the reverse), a bad amount, and an unknown user', async () => {
    const id = await userWith(t, 10);
    const a = await check({ user_id: id, platform: 'openai', hold_usd: 1 }).expect(400);
    expect(a.body.details.errors).toEqual([{ field: 'request_id', message: 'request_id is required with hold_usd' }]);
    const b = await check({ user_id: id, platform: 'openai', request_id: 'x' }).expect(400);
    expect(b.body.details.errors[0].field).toBe('hold_usd');
    const c = await check({ user_id: id, platform: 'openai', hold_usd: -1, request_id: 'neg' }).expect(400);
    expect(c.body.details.errors[0].field).toBe('hold_usd');
    await check({ user_id: 987654321, platform: 'openai', hold_usd: 1, request_id: 'ghost' }).expect(404);
    expect(await holdRows(t, id)).toEqual([]);
  });

  it('100 concurrent reserves of $1 against $10 remaining: exactly 10 granted; settling at $0.40 frees exactly $6', async () => {
    const id = await userWith(t, '25', '15');
    const reserve = (prefix: string) =>
      Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          check({ user_id: id, platform: 'openai', hold_usd: '1', request_id: `${prefix}-${i}` }),
        ),
      );
    const first = await reserve('burst');
    expect(first.filter((r) => r.status === 200)).toHaveLength(10);
    expect(first.filter((r) => r.status === 429)).toHaveLength(90);
    const granted = first.filter((r) => r.status === 200).map((r) => r.body.hold.request_id as string);
    const [{ n, held }] = await t.dataSource.query(
      `SELECT count(*)::int AS n, sum(amount_usd) AS held FROM quota_holds WHERE user_id = $1 AND state = 'held'`,
      [id],
    );
    expect({ n, held }).toEqual({ n: 10, held: '10.0000000000' });

    // Each call cost $0.40 of the $1 held: $6 of room comes back, and not a cent more.
    const charges = await Promise.all(
      granted.map((requestId) =>
        post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '0.40', request_id: requestId }),
      ),
    );
    expect(charges.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(await dailyUsage(t, id)).toBe('19.0000000000');
    expect(new Set((await holdRows(t, id)).map((h) => h.state))).toEqual(new Set(['settled']));
    const after = await check({ user_id: id, platform: 'openai' }).expect(200);
    expect(after.body).toMatchObject({ held_usd: '0', daily_usage_usd: '19', daily_remaining_usd: '6' });

    const second = await reserve('again');
    expect(second.filter((r) => r.status === 200)).toHaveLength(6);
    expect(second.filter((r) => r.status === 429)).toHaveLength(94);
  });

  it('a settle records the actual cost, lower or higher than the hold, and is never refused', async () => {
    const id = await userWith(t, '5');
    await check({ user_id: id, platform: 'openai', hold_usd: '2', request_id: 'low' }).expect(200);
    await check({ user_id: id, platform: 'openai', hold_usd: '3', request_id: 'high' }).expect(200);
    await check({ user_id: id, platform: 'openai', hold_usd: '0.01', request_id: 'none-left' }).expect(429);
    await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '0.5', request_id: 'low' }).expect(200);
    const high = await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '7', request_id: 'high' });
    expect(high.status).toBe(200);
    expect(high.body).toMatchObject({ daily_usage_usd: '7.5', exhausted_windows: ['daily'] });
    expect(await holdRows(t, id)).toEqual([
      { request_id: 'high', amount_usd: '3.0000000000', state: 'settled' },
      { request_id: 'low', amount_usd: '2.0000000000', state: 'settled' },
    ]);
    const res = await check({ user_id: id, platform: 'openai' }).expect(429);
    expect(res.body.details).toMatchObject({ usage_usd: '7.5', held_usd: '0' });
  });

  it('the batch endpoint settles holds too, each charge its own', async () => {
    const id = await userWith(t, '3');
    await check({ user_id: id, platform: 'openai', hold_usd: '1.5', request_id: 'batch-a' }).expect(200);
    await check({ user_id: id, platform: 'openai', hold_usd: '1.5', request_id: 'batch-b' }).expect(200);
    await check({ user_id: id, platform: 'openai', hold_usd: '0.01', request_id: 'batch-full' }).expect(429);
    const res = await post(t, 'charges', {
      charges: [
        { user_id: id, platform: 'openai', cost_usd: '0.25', request_id: 'batch-a' },
        { user_id: id, platform: 'openai', cost_usd: '0.5', request_id: 'batch-b' },
        { user_id: id, platform: 'openai', cost_usd: '0.125', request_id: 'batch-no-hold' },
      ],
    }).expect(200);
    expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, true]);
    expect((await holdRows(t, id)).map((h) => [h.request_id, h.state])).toEqual([
      ['batch-a', 'settled'],
      ['batch-b', 'settled'],
    ]);
    expect((await check({ user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '0',
      daily_usage_usd: '0.875',
      daily_remaining_usd: '2.125',
    });
  });

  it('a hold counts until its TTL, not a millisecond less or more; a settle after expiry still charges', async () => {
    const id = await userWith(t, '10');
    await check({ user_id: id, platform: 'openai', hold_usd: '4', request_id: 'ttl' }).expect(200);
    t.clock.set(new Date(Date.parse(NOW) + TTL_MS - 1));
    expect((await check({ user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '4',
      daily_remaining_usd: '6',
    });
    await check({ user_id: id, platform: 'openai', hold_usd: '6.01', request_id: 'ttl-2' }).expect(429);
    t.clock.set(new Date(Date.parse(NOW) + TTL_MS));
    expect((await check({ user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '0',
      daily_remaining_usd: '10',
    });
    await check({ user_id: id, platform: 'openai', hold_usd: '10', request_id: 'ttl-3' }).expect(200);
    // The expired hold's charge arrives late: recorded in full, and the hold is settled.
    const late = await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '3.5', request_id: 'ttl' });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ duplicate: false, daily_usage_usd: '3.5' });
    expect(await holdRows(t, id)).toEqual([
      { request_id: 'ttl', amount_usd: '4.0000000000', state: 'settled' },
      { request_id: 'ttl-3', amount_usd: '10.0000000000', state: 'held' },
    ]);
  });

  it('a reserve repeated under one request id holds once; another amount under it is refused with 409', async () => {
    const id = await userWith(t, '10');
    const body = { user_id: id, platform: 'openai', hold_usd: '2.5', request_id: 'same-id' };
    const responses = await Promise.all(Array.from({ length: 20 }, () => check(body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(responses.filter((r) => !r.body.hold.duplicate)).toHaveLength(1);
    expect(new Set(responses.map((r) => r.body.hold.id)).size).toBe(1);
    expect(await holdRows(t, id)).toEqual([{ request_id: 'same-id', amount_usd: '2.5000000000', state: 'held' }]);
    // A retry after the room ran out still gets its hold back.
    await check({ user_id: id, platform: 'openai', hold_usd: '7.5', request_id: 'fill' }).expect(200);
    const retry = await check(body).expect(200);
    expect(retry.body).toMatchObject({ held_usd: '10', hold: { request_id: 'same-id', duplicate: true } });
    const conflict = await check({ ...body, hold_usd: '3' }).expect(409);
    expect(conflict.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: { request_id: 'same-id', recorded: { user_id: id, platform: 'openai', hold_usd: '2.5' } },
    });
  });

  it('a request id charged without a hold cannot be reserved afterwards; one settled by its charge answers its hold', async () => {
    const id = await userWith(t, '10');
    await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '0.2', request_id: 'charged-first' }).expect(
      200,
    );
    const late = await check({ user_id: id, platform: 'openai', hold_usd: '0.2', request_id: 'charged-first' }).expect(
      409,
    );
    expect(late.body).toEqual({
      statusCode: 409,
      code: 'IDEMPOTENCY_KEY_REUSED',
      message: 'Request id charged-first was already charged; a hold cannot be reserved under it.',
      details: { request_id: 'charged-first', recorded: { user_id: id, platform: 'openai', cost_usd: '0.2' } },
    });
    expect(await holdRows(t, id)).toEqual([]);
    expect((await check({ user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '0',
      daily_usage_usd: '0.2',
    });

    // Under locks (the path a busy row takes) the same.
    const store = t.app.get(BillingStore);
    const optimistic = jest.spyOn(store, 'reserveOptimistic').mockImplementation(async () => ({
      inserted: [],
      taken: [],
      conflicted: new Set([`${id}:openai`]),
    }));
    const locked = await check({ user_id: id, platform: 'openai', hold_usd: '1', request_id: 'charged-first' });
    optimistic.mockRestore();
    expect(locked.status).toBe(409);
    expect(locked.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { request_id: 'charged-first' } });
    expect(await holdRows(t, id)).toEqual([]);

    // A reserve retried after the charge that settled it gets that hold back, settled.
    await check({ user_id: id, platform: 'openai', hold_usd: '1', request_id: 'held-first' }).expect(200);
    await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '0.5', request_id: 'held-first' }).expect(200);
    const retried = await check({ user_id: id, platform: 'openai', hold_usd: '1', request_id: 'held-first' }).expect(
      200,
    );
    expect(retried.body).toMatchObject({ held_usd: '0', hold: { request_id: 'held-first', duplicate: true } });
    expect(await holdRows(t, id)).toEqual([{ request_id: 'held-first', amount_usd: '1.0000000000', state: 'settled' }]);
  });

  it('a settle repeated is charged once; a release repeated releases once; releasing an unknown id is 404', async () => {
    const id = await userWith(t, '10');
    await check({ user_id: id, platform: 'openai', hold_usd: '3', request_id: 'settle-twice' }).expect(200);
    const charge = { user_id: id, platform: 'openai', cost_usd: '1.5', request_id: 'settle-twice' };
    const settles = await Promise.all(Array.from({ length: 10 }, () => post(t, 'charge', charge)));
    expect(settles.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(settles.filter((r) => !r.body.duplicate)).toHaveLength(1);
    expect(await dailyUsage(t, id)).toBe('1.5000000000');

    // Releasing a settled hold changes nothing.
    const late = await post(t, 'release', { request_id: 'settle-twice' }).expect(200);
    expect(late.body).toMatchObject({ state: 'settled', duplicate: true, amount_usd: '3' });

    await check({ user_id: id, platform: 'openai', hold_usd: '8.5', request_id: 'to-release' }).expect(200);
    await check({ user_id: id, platform: 'openai', hold_usd: '0.01', request_id: 'blocked' }).expect(429);
    const releases = await Promise.all(
      Array.from({ length: 10 }, () => post(t, 'release', { request_id: 'to-release' })),
    );
    expect(releases.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(releases.filter((r) => !r.body.duplicate)).toHaveLength(1);
    expect(releases[0].body).toMatchObject({ request_id: 'to-release', state: 'released', amount_usd: '8.5' });
    expect((await check({ user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '0',
      daily_remaining_usd: '8.5',
    });
    // A reserve retried after its release does not hold again.
    const retried = await check({ user_id: id, platform: 'openai', hold_usd: '8.5', request_id: 'to-release' });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ held_usd: '0', hold: { state: 'released', duplicate: true } });
    // Its charge, should it come after all, records.
    await post(t, 'charge', { user_id: id, platform: 'openai', cost_usd: '1', request_id: 'to-release' }).expect(200);
    expect(await dailyUsage(t, id)).toBe('2.5000000000');

    const unknown = await post(t, 'release', { request_id: 'never-held' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'HOLD_NOT_FOUND', details: { request_id: 'never-held' } });
  });

  it.each(['released', 'settled'])(
    'a release that waited for another statement %s the hold answers the hold as that statement left it',
    async (state) => {
      const id = await userWith(t, '10');
      const requestId = `raced-${state}`;
      await check({ user_id: id, platform: 'openai', hold_usd: '2', request_id: requestId }).expect(200);
      // Another statement holds the row, changed and not yet committed, when the release runs.
      const other = t.dataSource.createQueryRunner();
      await other.connect();
      try {
        await other.startTransaction();
        await other.query(`UPDATE quota_holds SET state = $1, finished_at = now() WHERE request_id = $2`, [
          state,
          requestId,
        ]);
        const release = post(t, 'release', { request_id: requestId }).then((res) => res);
        await waitForLockWaiter(t);
        await other.commitTransaction();
        const res = await release;
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ request_id: requestId, state, duplicate: true, amount_usd: '2' });
      } finally {
        await other.release();
      }
    },
  );

  /**
   * Runs `before` each time the store is about to run the statement named `name`, for as long as
   * `before` returns true; counts the statements run by name. Restores the store afterwards.
   */
  async function withStatementHook<T>(
    name: string,
    before: () => Promise<boolean>,
    work: (ran: Map<string, number>) => Promise<T>,
  ): Promise<T> {
    const store = t.app.get(BillingStore) as unknown as {
      run: (query: { name?: string }, ...rest: unknown[]) => unknown;
    };
    const run = store.run;
    const ran = new Map<string, number>();
    let hooked = true;
    store.run = async function (this: unknown, query, ...rest) {
      if (query.name) ran.set(query.name, (ran.get(query.name) ?? 0) + 1);
      if (hooked && query.name === name) hooked = await before();
      return run.call(this, query, ...rest);
    };
    try {
      return await work(ran);
    } finally {
      store.run = run;
    }
  }

  it('a charge recorded between a reserve’s read and its write is seen: the reserve is decided again', async () => {
    const id = await userWith(t, '10');
    const billing = t.app.get(BillingService);
    const res = await withStatementHook(
      'quota_hold_write',
      async () => {
        await billing.charge({ userId: id, platform: 'openai', costUsd: '5', requestId: 'lands-between' });
        return false;
      },
      async (ran) => {
        const answer = await check({ user_id: id, platform: 'openai', hold_usd: '6', request_id: 'read-then-write' });
        // Read, write (refused by the row's new version), read again: $6 no longer fits.
        expect(ran.get('quota_hold_snapshot')).toBe(2);
        expect(ran.get('quota_hold_write')).toBe(1);
        return answer;
      },
    );
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED' });
    expect(await holdRows(t, id)).toEqual([]);
    expect(await dailyUsage(t, id)).toBe('5.0000000000');
  });

  it('holds written under locks meanwhile are seen: an optimistic reserve decides again', async () => {
    const id = await userWith(t, '10');
    const store = t.app.get(BillingStore);
    const res = await withStatementHook(
      'quota_hold_write',
      async () => {
        const now = new Date(NOW);
        const granted = [
          { userId: id, platform: 'openai' as const, requestId: 'under-locks', amountUsd: new Money(6) },
        ];
        const expiresAt = new Date(now.getTime() + TTL_MS);
        await store.reserveBatch(
          [{ userId: id, platform: 'openai' }],
          ['under-locks'],
          now,
          () => ({ granted, createdAt: now, expiresAt }),
          {
            timeoutMs: 5000,
          },
        );
        return false;
      },
      () => check({ user_id: id, platform: 'openai', hold_usd: '6', request_id: 'optimistic' }),
    );
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED' });
    expect(await holdRows(t, id)).toEqual([{ request_id: 'under-locks', amount_usd: '6.0000000000', state: 'held' }]);
  });

  it('a pair whose counter row changes before every optimistic write is decided under locks', async () => {
    const id = await userWith(t, '10');
    const store = t.app.get(BillingStore);
    const locked = jest.spyOn(store, 'reserveBatch');
    const res = await withStatementHook(
      'quota_hold_write',
      async () => {
        await t.dataSource.query(`UPDATE user_platform_quotas SET updated_at = now() WHERE user_id = $1`, [id]);
        return true;
      },
      async (ran) => {
        const answer = await check({ user_id: id, platform: 'openai', hold_usd: '4', request_id: 'busy-row' });
        expect(ran.get('quota_hold_write')).toBe(OPTIMISTIC_ATTEMPTS);
        return answer;
      },
    );
    expect(res.status).toBe(200);
    expect(locked).toHaveBeenCalledTimes(1);
    locked.mockRestore();
    expect(res.body).toMatchObject({ held_usd: '4', daily_remaining_usd: '6', hold: { request_id: 'busy-row' } });
    expect(await holdRows(t, id)).toEqual([{ request_id: 'busy-row', amount_usd: '4.0000000000', state: 'held' }]);
    const [{ id: rowId }] = await t.dataSource.query(`SELECT id FROM quota_holds WHERE request_id = 'busy-row'`);
    expect(res.body.hold.id).toBe(Number(rowId));
  });

  it('BillingService reserves, refuses without throwing, throws the 429 on request, and releases', async () => {
    const id = await userWith(t, '2');
    const billing = t.app.get(BillingService);
    const granted = await billing.reserve({ userId: id, platform: 'openai', holdUsd: 1.5, requestId: 'svc-1' });
    expect(granted.allowed).toBe(true);
    expect(granted.hold?.amountUsd.toString()).toBe('1.5');
    expect(granted.held.toString()).toBe('1.5');
    const refused = await billing.reserve({ userId: id, platform: 'openai', holdUsd: '1', requestId: 'svc-2' });
    expect({ allowed: refused.allowed, refusedBy: refused.refusedBy, hold: refused.hold }).toEqual({
      allowed: false,
      refusedBy: 'daily',
      hold: undefined,
    });
    const error = await billing
      .assertReserved({ userId: id, platform: 'openai', holdUsd: '1', requestId: 'svc-3' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('USER_PLATFORM_DAILY_QUOTA_EXHAUSTED');
    const released = await billing.release('svc-1');
    expect({ state: released.state, duplicate: released.duplicate }).toEqual({ state: 'released', duplicate: false });
    expect((await billing.check(id, 'openai')).held.toString()).toBe('0');
    await expect(
      billing.reserve({ userId: id, platform: 'openai', holdUsd: 'abc', requestId: 'svc-4' }),
    ).rejects.toThrow(DomainError);
  });
});

describe('holds on two instances sharing a database', () => {
  const db = useTestDatabase();
  const clock = new FakeClock();
  const a = useTestApp({ db, clock, env: { BILLING_SERVICE_TOKEN: TOKEN } });
  const b = useTestApp({ db, clock, env: { BILLING_SERVICE_TOKEN: TOKEN, DB_MIGRATIONS_RUN: 'false' } });

  beforeEach(() => clock.set(NOW));

  it('100 concurrent reserves of $1 against $10 remaining, half on each instance: exactly 10 granted', async () => {
    const id = await userWith(a, '30', '20');
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(i % 2 === 0 ? a : b, 'check', { user_id: id, platform: 'openai', hold_usd: 1, request_id: `two-${i}` }),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(90);
    const [{ n, held }] = await a.dataSource.query(
      `SELECT count(*)::int AS n, sum(amount_usd) AS held FROM quota_holds WHERE user_id = $1`,
      [id],
    );
    expect({ n, held }).toEqual({ n: 10, held: '10.0000000000' });

    // Settled at $0.40 each, on the other instance than reserved them: $6 of room again, seen by both.
    const granted = responses.filter((r) => r.status === 200).map((r) => r.body.hold.request_id as string);
    await Promise.all(
      granted.map((requestId, i) =>
        post(i % 2 === 0 ? b : a, 'charge', { user_id: id, platform: 'openai', cost_usd: 0.4, request_id: requestId }),
      ),
    );
    for (const t of [a, b]) {
      expect((await post(t, 'check', { user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
        held_usd: '0',
        daily_usage_usd: '24',
        daily_remaining_usd: '6',
      });
    }
  });

  it('the same request id reserved on both instances at once is held once', async () => {
    const id = await userWith(a, '100');
    const body = { user_id: id, platform: 'openai', hold_usd: '5', request_id: 'both-at-once' };
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? a : b, 'check', body)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(responses.map((r) => r.body.hold.id)).size).toBe(1);
    expect(await holdRows(a, id)).toEqual([{ request_id: 'both-at-once', amount_usd: '5.0000000000', state: 'held' }]);
  });

  it('counts holds granted, refused, settled, released and expired in /metrics', async () => {
    const held = (text: string, outcome: string) => {
      const line = text
        .split('\n')
        .find((l) => l.startsWith(`quota_holds_total{platform="anthropic",outcome="${outcome}"}`));
      return Number(line?.slice(line.lastIndexOf(' ') + 1));
    };
    const scrape = async (t: TestApp) => (await request(t.http).get('/metrics').expect(200)).text;
    const before = await scrape(a);
    const id = await createUser(a.dataSource).then((u) => u.id);
    await setQuota(a.dataSource, id, 'anthropic', { limits: { daily: '3' } });
    const reserve = (requestId: string, holdUsd: string) =>
      post(a, 'check', { user_id: id, platform: 'anthropic', hold_usd: holdUsd, request_id: requestId });
    await reserve('m-settle', '1').expect(200);
    await reserve('m-settle', '1').expect(200);
    await reserve('m-release', '1').expect(200);
    await reserve('m-expire', '1').expect(200);
    await reserve('m-refused', '1').expect(429);
    await post(a, 'charge', { user_id: id, platform: 'anthropic', cost_usd: '1', request_id: 'm-settle' }).expect(200);
    await post(a, 'charge', { user_id: id, platform: 'anthropic', cost_usd: '1', request_id: 'm-settle' }).expect(200);
    await post(a, 'release', { request_id: 'm-release' }).expect(200);
    await post(a, 'release', { request_id: 'm-release' }).expect(200);
    const after = await scrape(a);
    const delta = (outcome: string) => held(after, outcome) - (held(before, outcome) || 0);
    expect(['granted', 'refused', 'settled', 'released'].map(delta)).toEqual([3, 1, 1, 1]);

    // An instance started after the expiry sweeps once its first hold batch is done, and counts it.
    clock.advance(TTL_MS);
    const fresh = await createTestApp(db, { clock, env: { BILLING_SERVICE_TOKEN: TOKEN, DB_MIGRATIONS_RUN: 'false' } });
    try {
      await post(fresh, 'release', { request_id: 'm-unknown' }).expect(404);
      const deadline = Date.now() + 5000;
      while (!(held(await scrape(fresh), 'expired') >= 1) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(held(await scrape(fresh), 'expired')).toBe(1);
      expect(await holdRows(fresh, id)).toEqual([
        { request_id: 'm-expire', amount_usd: '1.0000000000', state: 'expired' },
        { request_id: 'm-release', amount_usd: '1.0000000000', state: 'released' },
        { request_id: 'm-settle', amount_usd: '1.0000000000', state: 'settled' },
      ]);
      // An expired hold's charge still records and settles it.
      await post(fresh, 'charge', { user_id: id, platform: 'anthropic', cost_usd: '0.5', request_id: 'm-expire' });
      expect((await holdRows(fresh, id))[0].state).toBe('settled');
    } finally {
      await fresh.close();
    }
  });

  it('a crash between reserve and settle loses nothing: the hold expires, the later charge records', async () => {
    const id = await userWith(a, '10');
    // An instance that reserves and then goes away without settling.
    const doomed = await createTestApp(db, {
      clock,
      env: { BILLING_SERVICE_TOKEN: TOKEN, DB_MIGRATIONS_RUN: 'false' },
    });
    try {
      await post(doomed, 'check', { user_id: id, platform: 'openai', hold_usd: '9', request_id: 'crash' }).expect(200);
    } finally {
      await doomed.close();
    }
    await post(b, 'check', { user_id: id, platform: 'openai', hold_usd: '1.01', request_id: 'blocked' }).expect(429);
    clock.advance(TTL_MS);
    expect((await post(b, 'check', { user_id: id, platform: 'openai' }).expect(200)).body).toMatchObject({
      held_usd: '0',
      daily_remaining_usd: '10',
    });
    // The gateway comes back and reports what the call cost.
    const charge = await post(a, 'charge', { user_id: id, platform: 'openai', cost_usd: '8.75', request_id: 'crash' });
    expect(charge.status).toBe(200);
    expect(await dailyUsage(a, id)).toBe('8.7500000000');
    expect(await holdRows(a, id)).toEqual([{ request_id: 'crash', amount_usd: '9.0000000000', state: 'settled' }]);
  });
});
