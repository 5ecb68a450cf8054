/** Charges: rollover at window boundaries, idempotency, the ledger, and the batch endpoint. */
import request from 'supertest';

import { BillingService, ChargeResult } from '../src/billing/billing.service.js';
import type { Platform } from '../src/common/domain.constants.js';
import { formatMoney } from '../src/common/money.js';
import { activeQuota, createUser, setQuota } from './support/fixtures.js';
import { createTestApp, TestApp, useTestApp } from './support/test-app.js';
import { useTestDatabase } from './support/test-database.js';
import { DAY, NOW } from './support/time.js';

const TOKEN = 'charge-test-token-0123456789abcdef';

/** One database for the file; each describe below runs its own app on it. */
const db = useTestDatabase();

/** Usage of the three windows as stored, read back from the row. */
async function stored(t: TestApp, userId: number, platform: Platform) {
  const row = await activeQuota(t.dataSource, userId, platform);
  return {
    daily: formatMoney(row!.dailyUsageUsd),
    weekly: formatMoney(row!.weeklyUsageUsd),
    monthly: formatMoney(row!.monthlyUsageUsd),
    starts: [row!.dailyWindowStart, row!.weeklyWindowStart, row!.monthlyWindowStart].map(
      (d) => d?.toISOString() ?? null,
    ),
  };
}

function usages(result: ChargeResult) {
  return [result.usage.daily, result.usage.weekly, result.usage.monthly].map((m) => m.toFixed());
}

describe('charges in UTC', () => {
  const t = useTestApp({ db, env: { BILLING_SERVICE_TOKEN: TOKEN } });
  let billing: BillingService;
  let seq = 0;
  const nextId = () => `req-utc-${++seq}`;

  beforeAll(() => {
    billing = t.app.get(BillingService);
  });
  beforeEach(() => t.clock.set(NOW));

  const post = (path: string, body: object) =>
    request(t.http).post(`/api/v1/internal/billing/${path}`).set('Authorization', `Bearer ${TOKEN}`).send(body);

  it('creates the missing row with null limits and returns the new usages and window starts', async () => {
    const user = await createUser(t.dataSource);
    const res = await post('charge', {
      user_id: user.id,
      platform: 'anthropic',
      cost_usd: '1.25',
      request_id: 'first-charge',
    }).expect(200);
    expect(res.body).toEqual({
      request_id: 'first-charge',
      user_id: user.id,
      platform: 'anthropic',
      cost_usd: '1.25',
      duplicate: false,
      charged_at: '2026-05-20T10:00:00.000Z',
      daily_usage_usd: '1.25',
      weekly_usage_usd: '1.25',
      monthly_usage_usd: '1.25',
      daily_window_start: '2026-05-20T00:00:00.000Z',
      weekly_window_start: '2026-05-18T00:00:00.000Z',
      monthly_window_start: '2026-05-20T10:00:00.000Z',
      exhausted_windows: [],
    });
    const row = await activeQuota(t.dataSource, user.id, 'anthropic');
    expect([row!.dailyLimitUsd, row!.weeklyLimitUsd, row!.monthlyLimitUsd]).toEqual([null, null, null]);
    const ledger = await t.dataSource.query(
      `SELECT request_id, cost_usd, daily_usage_usd FROM quota_charges WHERE user_id = $1`,
      [user.id],
    );
    expect(ledger).toEqual([{ request_id: 'first-charge', cost_usd: '1.2500000000', daily_usage_usd: '1.2500000000' }]);
  });

  it('accumulates inside the windows and reports the windows it exhausts', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '1', weekly: '10', monthly: null } });
    const first = await billing.charge({ userId: user.id, platform: 'openai', costUsd: '0.6', requestId: nextId() });
    expect(usages(first)).toEqual(['0.6', '0.6', '0.6']);
    expect(first.exhausted).toEqual([]);
    const second = await billing.charge({ userId: user.id, platform: 'openai', costUsd: 0.4, requestId: nextId() });
    expect(usages(second)).toEqual(['1', '1', '1']);
    expect(second.exhausted).toEqual(['daily']);
    // Charges are never refused for quota: the upstream call has already been made.
    const third = await billing.charge({ userId: user.id, platform: 'openai', costUsd: '9.5', requestId: nextId() });
    expect(usages(third)).toEqual(['10.5', '10.5', '10.5']);
    expect(third.exhausted).toEqual(['daily', 'weekly']);
  });

  it('keeps the limits of an existing row and counts unlimited rows too', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'gemini', { limits: { daily: '3' } });
    await billing.charge({ userId: user.id, platform: 'gemini', costUsd: '2', requestId: nextId() });
    await billing.charge({ userId: user.id, platform: 'antigravity', costUsd: '2', requestId: nextId() });
    const limited = await activeQuota(t.dataSource, user.id, 'gemini');
    expect(formatMoney(limited!.dailyLimitUsd)).toBe('3');
    expect((await stored(t, user.id, 'antigravity')).daily).toBe('2');
  });

  it('records a zero cost without changing the usage, and rounds float noise half-up', async () => {
    const user = await createUser(t.dataSource);
    await billing.charge({ userId: user.id, platform: 'openai', costUsd: 0.1, requestId: nextId() });
    const zero = await billing.charge({ userId: user.id, platform: 'openai', costUsd: 0, requestId: 'zero-cost' });
    expect(usages(zero)).toEqual(['0.1', '0.1', '0.1']);
    const noisy = await billing.charge({
      userId: user.id,
      platform: 'openai',
      costUsd: 0.30000000000000004,
      requestId: nextId(),
    });
    expect(noisy.costUsd.toFixed()).toBe('0.3');
    expect(usages(noisy)).toEqual(['0.4', '0.4', '0.4']);
    const half = await billing.charge({
      userId: user.id,
      platform: 'openai',
      costUsd: '0.00000000005',
      requestId: nextId(),
    });
    expect(half.costUsd.toFixed()).toBe('0.0000000001');
    const [ledger] = await t.dataSource.query(`SELECT cost_usd FROM quota_charges WHERE request_id = 'zero-cost'`);
    expect(ledger.cost_usd).toBe('0.0000000000');
  });

  it('charges a request id once and returns the first result as a duplicate', async () => {
    const user = await createUser(t.dataSource);
    const body = { user_id: user.id, platform: 'openai', cost_usd: '2.5', request_id: 'idem-1' };
    const first = await post('charge', body).expect(200);
    t.clock.set('2026-05-20T11:00:00Z');
    const again = await post('charge', { ...body, cost_usd: 2.5 }).expect(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    expect((await stored(t, user.id, 'openai')).daily).toBe('2.5');
    const [{ count }] = await t.dataSource.query(
      `SELECT count(*)::int AS count FROM quota_charges WHERE request_id = 'idem-1'`,
    );
    expect(count).toBe(1);
  });

  it('stores request ids exactly as given, whatever characters they hold, and finds them again', async () => {
    const user = await createUser(t.dataSource);
    const tag = `odd-${++seq}`;
    const ids = [
      `${tag} "quoted"`,
      `${tag} back\\slash\\`,
      `${tag} a,b`,
      `${tag} {braces}`,
      `${tag} NULL`,
      `${tag}  spaced  `,
      `${tag} \\"both\\"`,
      `${tag} ünïcödé \u{1F600}`,
    ];
    const body = (id: string, i: number) => ({
      user_id: user.id,
      platform: i % 2 ? 'gemini' : 'openai',
      cost_usd: '1',
      request_id: id,
    });
    const first = await post('charges', { charges: ids.map(body) }).expect(200);
    type Item = { ok: boolean; charge: { request_id: string; duplicate: boolean } };
    expect(first.body.results.map((r: Item) => [r.ok, r.charge.request_id, r.charge.duplicate])).toEqual(
      ids.map((id) => [true, id, false]),
    );
    const rows = await t.dataSource.query(`SELECT request_id FROM quota_charges WHERE request_id LIKE $1`, [
      `${tag} %`,
    ]);
    expect(rows.map((r: { request_id: string }) => r.request_id).sort()).toEqual([...ids].sort());
    expect((await stored(t, user.id, 'openai')).daily).toBe('4');

    const again = await post('charges', { charges: ids.map(body) }).expect(200);
    expect(again.body.results.map((r: Item) => [r.ok, r.charge.request_id, r.charge.duplicate])).toEqual(
      ids.map((id) => [true, id, true]),
    );
    expect((await stored(t, user.id, 'openai')).daily).toBe('4');
    expect((await stored(t, user.id, 'gemini')).daily).toBe('4');
  });

  it('refuses a request id reused for a different charge with 409', async () => {
    const user = await createUser(t.dataSource);
    await post('charge', { user_id: user.id, platform: 'openai', cost_usd: '1', request_id: 'idem-2' }).expect(200);
    for (const changed of [{ cost_usd: '1.01' }, { platform: 'gemini' }]) {
      const res = await post('charge', {
        user_id: user.id,
        platform: 'openai',
        cost_usd: '1',
        request_id: 'idem-2',
        ...changed,
      }).expect(409);
      expect(res.body).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        details: { request_id: 'idem-2', recorded: { user_id: user.id, platform: 'openai', cost_usd: '1' } },
      });
    }
    expect((await stored(t, user.id, 'openai')).daily).toBe('1');
  });

  it('answers a batch item by item, in order: an unknown user fails alone', async () => {
    const user = await createUser(t.dataSource);
    const res = await post('charges', {
      charges: [
        { user_id: user.id, platform: 'openai', cost_usd: '1', request_id: 'batch-1' },
        { user_id: 99_999_999, platform: 'openai', cost_usd: '1', request_id: 'batch-2' },
        { user_id: user.id, platform: 'openai', cost_usd: '-1', request_id: 'batch-3' },
        { user_id: user.id, platform: 'openai', cost_usd: '2', request_id: 'batch-4' },
        { user_id: user.id, platform: 'openai', cost_usd: '1', request_id: 'batch-1' },
        { user_id: user.id, platform: 'openai', cost_usd: '5', request_id: 'batch-1' },
      ],
    }).expect(200);
    const results = res.body.results;
    expect(results.map((r: { ok: boolean }) => r.ok)).toEqual([true, false, false, true, true, false]);
    expect(results[0].charge).toMatchObject({ request_id: 'batch-1', daily_usage_usd: '1', duplicate: false });
    expect(results[1].error).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    expect(results[2].error).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      details: { errors: [{ field: 'charges.2.cost_usd', message: 'cost_usd must be >= 0' }] },
    });
    expect(results[3].charge).toMatchObject({ request_id: 'batch-4', daily_usage_usd: '3' });
    expect(results[4].charge).toMatchObject({ request_id: 'batch-1', daily_usage_usd: '1', duplicate: true });
    expect(results[5].error).toMatchObject({ statusCode: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    expect((await stored(t, user.id, 'openai')).daily).toBe('3');
  });

  it('answers repeated ids in a batch from the ledger and adds only the new charges, each with its own usage', async () => {
    const user = await createUser(t.dataSource);
    const other = await createUser(t.dataSource);
    const charge = (userId: number, cost: string, id: string) => ({
      user_id: userId,
      platform: 'openai',
      cost_usd: cost,
      request_id: id,
    });
    await post('charges', { charges: [charge(user.id, '1', 'mix-1'), charge(other.id, '4', 'mix-2')] }).expect(200);
    const res = await post('charges', {
      charges: [
        charge(user.id, '2', 'mix-3'),
        charge(user.id, '1', 'mix-1'),
        charge(99_999_999, '1', 'mix-4'),
        charge(other.id, '4', 'mix-2'),
        charge(user.id, '3', 'mix-5'),
        charge(other.id, '0.5', 'mix-6'),
        charge(user.id, '7', 'mix-1'),
      ],
    }).expect(200);
    type Item = { ok: boolean; charge?: { request_id: string; daily_usage_usd: string; duplicate: boolean } };
    const answers = res.body.results.map((r: Item & { error?: { code: string } }) =>
      r.ok ? [r.charge!.request_id, r.charge!.daily_usage_usd, r.charge!.duplicate] : r.error!.code,
    );
    expect(answers).toEqual([
      ['mix-3', '3', false],
      ['mix-1', '1', true],
      'USER_NOT_FOUND',
      ['mix-2', '4', true],
      ['mix-5', '6', false],
      ['mix-6', '4.5', false],
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    expect((await stored(t, user.id, 'openai')).daily).toBe('6');
    expect((await stored(t, other.id, 'openai')).daily).toBe('4.5');
    const ledger = await t.dataSource.query(
      `SELECT request_id, trim_scale(daily_usage_usd)::text AS after
         FROM quota_charges WHERE request_id LIKE 'mix-%' ORDER BY request_id`,
    );
    expect(ledger.map((r: { request_id: string; after: string }) => [r.request_id, r.after])).toEqual([
      ['mix-1', '1'],
      ['mix-2', '4'],
      ['mix-3', '3'],
      ['mix-5', '6'],
      ['mix-6', '4.5'],
    ]);
  });

  it('answers a repeated request id from the ledger even when its user is gone or unknown', async () => {
    const user = await createUser(t.dataSource);
    const body = { user_id: user.id, platform: 'openai', cost_usd: '1.5', request_id: 'gone-1' };
    const first = await post('charge', body).expect(200);
    await t.dataSource.query(`UPDATE user_platform_quotas SET deleted_at = now() WHERE user_id = $1`, [user.id]);
    await t.dataSource.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [user.id]);
    const again = await post('charge', body).expect(200);
    expect(again.body).toEqual({ ...first.body, duplicate: true });
    const reused = await post('charge', { ...body, user_id: 99_999_999 }).expect(409);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: { request_id: 'gone-1' } });
    await post('charge', { ...body, request_id: 'gone-2' }).expect(404);
  });

  it('isolates a charge that would overflow DECIMAL(20,10): only that one fails', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', {
      usage: { daily: '9999999999', weekly: '9999999999', monthly: '9999999999' },
      starts: { daily: '2026-05-20T00:00:00Z', weekly: '2026-05-18T00:00:00Z', monthly: '2026-05-20T00:00:00Z' },
    });
    const other = await createUser(t.dataSource);
    const res = await post('charges', {
      charges: [
        { user_id: other.id, platform: 'openai', cost_usd: '1', request_id: 'ovf-1' },
        { user_id: user.id, platform: 'openai', cost_usd: '0.5', request_id: 'ovf-2' },
        { user_id: user.id, platform: 'openai', cost_usd: '1', request_id: 'ovf-3' },
        { user_id: other.id, platform: 'gemini', cost_usd: '2', request_id: 'ovf-4' },
      ],
    }).expect(200);
    expect(res.body.results.map((r: { ok: boolean }) => r.ok)).toEqual([true, true, false, true]);
    expect(res.body.results[2].error).toMatchObject({
      statusCode: 422,
      code: 'USAGE_OUT_OF_RANGE',
      details: { request_id: 'ovf-3' },
    });
    expect((await stored(t, user.id, 'openai')).daily).toBe('9999999999.5');
    expect((await stored(t, other.id, 'gemini')).daily).toBe('2');
    const ids = await t.dataSource.query(
      `SELECT request_id FROM quota_charges WHERE request_id LIKE 'ovf-%' ORDER BY 1`,
    );
    expect(ids.map((r: { request_id: string }) => r.request_id)).toEqual(['ovf-1', 'ovf-2', 'ovf-4']);
  });

  it('opens a new rolling month exactly 30 days after the start, not a millisecond earlier', async () => {
    const user = await createUser(t.dataSource);
    const start = new Date('2026-05-20T10:00:00Z');
    await billing.charge({ userId: user.id, platform: 'openai', costUsd: '1', requestId: nextId() });
    t.clock.set(new Date(start.getTime() + 30 * DAY - 1));
    const before = await billing.charge({ userId: user.id, platform: 'openai', costUsd: '1', requestId: nextId() });
    expect(before.usage.monthly.toFixed()).toBe('2');
    expect(before.windowStart.monthly.toISOString()).toBe(start.toISOString());
    t.clock.set(new Date(start.getTime() + 30 * DAY));
    const after = await billing.charge({ userId: user.id, platform: 'openai', costUsd: '1', requestId: nextId() });
    expect(after.usage.monthly.toFixed()).toBe('1');
    expect(after.windowStart.monthly.toISOString()).toBe('2026-06-19T10:00:00.000Z');
  });
});

describe('charges in Asia/Shanghai (UTC+8)', () => {
  const t = useTestApp({ db, env: { QUOTA_TIMEZONE: 'Asia/Shanghai' } });
  let seq = 0;
  const charge = (userId: number, costUsd: string) =>
    t.app.get(BillingService).charge({ userId, platform: 'openai', costUsd, requestId: `req-sh-${++seq}` });

  it('restarts the daily window at local midnight only', async () => {
    const user = await createUser(t.dataSource);
    t.clock.set('2026-05-20T15:59:59.999Z'); // Wednesday 23:59:59.999 in Shanghai
    await charge(user.id, '1');
    t.clock.set('2026-05-20T16:00:00.000Z'); // Thursday 00:00
    const result = await charge(user.id, '2');
    expect(usages(result)).toEqual(['2', '3', '3']);
    expect(result.windowStart.daily.toISOString()).toBe('2026-05-20T16:00:00.000Z');
    expect((await stored(t, user.id, 'openai')).daily).toBe('2');
  });

  it('restarts daily and weekly at Monday 00:00 local, keeping the month', async () => {
    const user = await createUser(t.dataSource);
    t.clock.set('2026-05-24T15:30:00Z'); // Sunday 23:30
    await charge(user.id, '4');
    t.clock.set('2026-05-24T16:00:00Z'); // Monday 00:00
    const result = await charge(user.id, '1');
    expect(usages(result)).toEqual(['1', '1', '5']);
    expect(result.windowStart.weekly.toISOString()).toBe('2026-05-24T16:00:00.000Z');
    expect(await stored(t, user.id, 'openai')).toEqual({
      daily: '1',
      weekly: '1',
      monthly: '5',
      starts: ['2026-05-24T16:00:00.000Z', '2026-05-24T16:00:00.000Z', '2026-05-24T15:30:00.000Z'],
    });
  });
});

describe('charges in America/New_York with calendar months', () => {
  const t = useTestApp({ db, env: { QUOTA_TIMEZONE: 'America/New_York', QUOTA_MONTHLY_WINDOW: 'calendar' } });
  let seq = 0;
  const charge = (userId: number, costUsd: string) =>
    t.app.get(BillingService).charge({ userId, platform: 'gemini', costUsd, requestId: `req-ny-${++seq}` });

  it('restarts the month on the 1st at 00:00 local', async () => {
    const user = await createUser(t.dataSource);
    t.clock.set('2026-02-01T04:59:59Z'); // Saturday Jan 31, 23:59:59 EST
    const january = await charge(user.id, '7');
    expect(january.windowStart.monthly.toISOString()).toBe('2026-01-01T05:00:00.000Z');
    t.clock.set('2026-02-01T05:00:00Z'); // Sunday Feb 1, 00:00 EST: new day and month, same week
    const february = await charge(user.id, '1');
    expect(usages(february)).toEqual(['1', '8', '1']);
    expect(february.windowStart.monthly.toISOString()).toBe('2026-02-01T05:00:00.000Z');
  });

  it('follows the spring-forward day, 23 hours long, to the next local midnight', async () => {
    const user = await createUser(t.dataSource);
    t.clock.set('2026-03-08T05:00:00Z'); // Sunday Mar 8, 00:00 EST; clocks jump at 02:00
    const first = await charge(user.id, '1');
    expect(first.windowStart.daily.toISOString()).toBe('2026-03-08T05:00:00.000Z');
    t.clock.set('2026-03-09T03:59:59.999Z'); // Sunday 23:59:59.999 EDT: still the same day
    expect(usages(await charge(user.id, '1'))[0]).toBe('2');
    t.clock.set('2026-03-09T04:00:00Z'); // Monday Mar 9, 00:00 EDT
    const monday = await charge(user.id, '1');
    expect(usages(monday)).toEqual(['1', '1', '3']);
    expect(monday.windowStart.daily.toISOString()).toBe('2026-03-09T04:00:00.000Z');
  });

  it('follows the fall-back day, 25 hours long', async () => {
    const user = await createUser(t.dataSource);
    t.clock.set('2026-11-01T04:00:00Z'); // Sunday Nov 1, 00:00 EDT
    await charge(user.id, '1');
    t.clock.set('2026-11-02T04:59:59Z'); // Sunday 23:59:59 EST, 24h59m later
    expect(usages(await charge(user.id, '1'))[0]).toBe('2');
    t.clock.set('2026-11-02T05:00:00Z'); // Monday 00:00 EST
    expect(usages(await charge(user.id, '1'))).toEqual(['1', '1', '3']);
  });
});

describe('shutdown', () => {
  it('writes every queued charge before the database closes', async () => {
    const t = await createTestApp(db);
    const user = await createUser(t.dataSource);
    const billing = t.app.get(BillingService);
    const pending = Array.from({ length: 50 }, (_, i) =>
      billing.charge({ userId: user.id, platform: 'openai', costUsd: '0.01', requestId: `shutdown-${i}` }),
    );
    const closing = t.close();
    const results = await Promise.all(pending);
    await closing;
    expect(results.map((r) => r.duplicate)).toEqual(Array(50).fill(false));
    expect(
      results
        .map((r) => r.usage.daily.toFixed())
        .sort((a, b) => Number(a) - Number(b))
        .at(-1),
    ).toBe('0.5');
    await expect(
      billing.charge({ userId: user.id, platform: 'openai', costUsd: '1', requestId: 'late' }),
    ).rejects.toMatchObject({
      code: 'SHUTTING_DOWN',
    });
  });
});
