/** The check a gateway makes before each upstream call, through the internal HTTP API. */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { DomainError } from '../src/common/domain-error.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, THIS_WEEK, TODAY } from './support/time.js';

const TOKEN = 'check-test-token-0123456789abcdef';

describe('billing check', () => {
  const t = useTestApp({ env: { BILLING_SERVICE_TOKEN: TOKEN } });

  beforeEach(() => t.clock.set(NOW));

  const check = (body: object) =>
    request(t.http).post('/api/v1/internal/billing/check').set('Authorization', `Bearer ${TOKEN}`).send(body);

  async function userWith(fixture: Parameters<typeof setQuota>[3]) {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', fixture);
    return user.id;
  }

  it('allows below the limit and shows each window', async () => {
    const id = await userWith({
      limits: { daily: 10, weekly: null, monthly: '100' },
      usage: { daily: '4.99', weekly: '4.99', monthly: '50' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: '2026-05-10T08:00:00Z' },
    });
    const res = await check({ user_id: id, platform: 'openai' }).expect(200);
    expect(res.body).toEqual({
      allowed: true,
      user_id: id,
      platform: 'openai',
      held_usd: '0',
      daily_limit_usd: '10',
      daily_usage_usd: '4.99',
      daily_remaining_usd: '5.01',
      daily_window_resets_at: '2026-05-21T00:00:00.000Z',
      weekly_limit_usd: null,
      weekly_usage_usd: '4.99',
      weekly_remaining_usd: null,
      weekly_window_resets_at: '2026-05-25T00:00:00.000Z',
      monthly_limit_usd: '100',
      monthly_usage_usd: '50',
      monthly_remaining_usd: '50',
      monthly_window_resets_at: '2026-06-09T08:00:00.000Z',
    });
  });

  it('refuses when usage equals the limit, with the reference message, Retry-After and details', async () => {
    const id = await userWith({ limits: { daily: '5' }, usage: { daily: '5' }, starts: { daily: TODAY } });
    const res = await check({ user_id: id, platform: 'openai' }).expect(429);
    expect(res.headers['retry-after']).toBe(String(14 * 3600));
    expect(res.body).toEqual({
      statusCode: 429,
      code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
      message: 'Daily usage quota exhausted for this platform.',
      details: {
        platform: 'openai',
        window: 'daily',
        limit_usd: '5',
        usage_usd: '5',
        held_usd: '0',
        disabled: false,
        resets_at: '2026-05-21T00:00:00.000Z',
      },
    });
  });

  it('rounds Retry-After up to whole seconds', async () => {
    const id = await userWith({ limits: { daily: '1' }, usage: { daily: '2' }, starts: { daily: TODAY } });
    t.clock.set('2026-05-20T23:59:58.400Z');
    const res = await check({ user_id: id, platform: 'openai' }).expect(429);
    expect(res.headers['retry-after']).toBe('2');
  });

  it('refuses a limit of 0 at usage 0, even on a row never charged, without suggesting a wait', async () => {
    const daily = await userWith({ limits: { daily: 0 } });
    const res = await check({ user_id: daily, platform: 'openai' }).expect(429);
    expect(res.body).toMatchObject({
      code: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
      details: { limit_usd: '0', usage_usd: '0', disabled: true, resets_at: null },
    });
    expect(res.headers['retry-after']).toBeUndefined();

    const monthly = await userWith({ limits: { monthly: 0 } });
    const refused = await check({ user_id: monthly, platform: 'openai' }).expect(429);
    expect(refused.body).toMatchObject({
      code: 'USER_PLATFORM_MONTHLY_QUOTA_EXHAUSTED',
      message: 'Monthly usage quota exhausted for this platform.',
      details: { window: 'monthly', disabled: true, resets_at: null },
    });
    expect(refused.headers['retry-after']).toBeUndefined();
  });

  it('names a disabled window before an exhausted one that a wait would lift', async () => {
    const id = await userWith({
      limits: { daily: '1', weekly: 0 },
      usage: { daily: '2' },
      starts: { daily: TODAY },
    });
    const res = await check({ user_id: id, platform: 'openai' }).expect(429);
    expect(res.body).toMatchObject({
      code: 'USER_PLATFORM_WEEKLY_QUOTA_EXHAUSTED',
      details: { window: 'weekly', disabled: true, resets_at: null },
    });
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('allows any usage when limits are null', async () => {
    const id = await userWith({
      usage: { daily: '999', weekly: '999', monthly: '999' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: NOW },
    });
    const res = await check({ user_id: id, platform: 'openai' }).expect(200);
    expect(res.body).toMatchObject({ allowed: true, daily_usage_usd: '999', daily_remaining_usd: null });
  });

  it('allows a user with no row for the platform (unlimited)', async () => {
    const user = await createUser(t.dataSource);
    const res = await check({ user_id: user.id, platform: 'gemini' }).expect(200);
    expect(res.body).toMatchObject({
      allowed: true,
      daily_limit_usd: null,
      daily_usage_usd: '0',
      monthly_window_resets_at: null,
    });
  });

  it('allows a stale over-limit usage from an expired window, and writes nothing', async () => {
    const id = await userWith({
      limits: { daily: '5', weekly: '5', monthly: '5' },
      usage: { daily: '50', weekly: '50', monthly: '50' },
      starts: { daily: '2026-05-19T00:00:00Z', weekly: '2026-05-11T00:00:00Z', monthly: '2026-04-20T10:00:00Z' },
    });
    const res = await check({ user_id: id, platform: 'openai' }).expect(200);
    expect(res.body).toMatchObject({
      allowed: true,
      daily_usage_usd: '0',
      weekly_usage_usd: '0',
      monthly_usage_usd: '0',
    });
    const [row] = await t.dataSource.query(`SELECT daily_usage_usd FROM user_platform_quotas WHERE user_id = $1`, [id]);
    expect(row.daily_usage_usd).toBe('50.0000000000');
  });

  it('names the first exhausted window in the order daily, weekly, monthly', async () => {
    const all = { daily: TODAY, weekly: THIS_WEEK, monthly: NOW };
    const weeklyAndMonthly = await userWith({
      limits: { daily: 10, weekly: 1, monthly: 1 },
      usage: { daily: 2, weekly: 2, monthly: 2 },
      starts: all,
    });
    expect((await check({ user_id: weeklyAndMonthly, platform: 'openai' }).expect(429)).body.code).toBe(
      'USER_PLATFORM_WEEKLY_QUOTA_EXHAUSTED',
    );

    const everything = await userWith({
      limits: { daily: 1, weekly: 1, monthly: 1 },
      usage: { daily: 2, weekly: 2, monthly: 2 },
      starts: all,
    });
    expect((await check({ user_id: everything, platform: 'openai' }).expect(429)).body.code).toBe(
      'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
    );

    const monthlyOnly = await userWith({
      limits: { monthly: '2' },
      usage: { daily: 2, weekly: 2, monthly: 2 },
      starts: all,
    });
    const res = await check({ user_id: monthlyOnly, platform: 'openai' }).expect(429);
    expect(res.body.code).toBe('USER_PLATFORM_MONTHLY_QUOTA_EXHAUSTED');
    expect(res.headers['retry-after']).toBe(String(30 * 24 * 3600));
  });

  it('answers 404 USER_NOT_FOUND for an unknown or deleted user', async () => {
    expect((await check({ user_id: 987654, platform: 'openai' }).expect(404)).body).toEqual({
      statusCode: 404,
      code: 'USER_NOT_FOUND',
      message: 'User 987654 does not exist.',
      details: { user_id: 987654 },
    });
    const gone = await createUser(t.dataSource);
    await t.dataSource.query('UPDATE users SET deleted_at = now() WHERE id = $1', [gone.id]);
    await check({ user_id: gone.id, platform: 'openai' }).expect(404);
  });

  it('is exported for other Nest modules: check returns a refusal, assertAllowed throws it', async () => {
    const billing = t.app.get(BillingService);
    const id = await userWith({ limits: { weekly: 0 } });
    const result = await billing.check(id, 'openai');
    expect(result).toMatchObject({ allowed: false, refusedBy: 'weekly', userId: id, platform: 'openai' });
    const error = await billing.assertAllowed(id, 'openai').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'USER_PLATFORM_WEEKLY_QUOTA_EXHAUSTED', status: 429 });
  });

  it('refuses an unknown platform or a malformed id with 400 rather than allowing', async () => {
    const billing = t.app.get(BillingService);
    await expect(billing.check(1, 'grok')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(billing.check(-1, 'openai')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(billing.check(1.5, 'openai')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const res = await check({ user_id: 1, platform: 'grok' }).expect(400);
    expect(res.body.details.errors).toEqual([
      { field: 'platform', message: 'platform must be one of: anthropic, openai, gemini, antigravity' },
    ]);
  });

  it('answers many concurrent checks with each caller’s own row', async () => {
    const ids = await Promise.all(
      [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
        userWith({ limits: { daily: 10 }, usage: { daily: n }, starts: { daily: TODAY } }),
      ),
    );
    const billing = t.app.get(BillingService);
    const results = await Promise.all(
      ids.flatMap((id) => [billing.check(id, 'openai'), billing.check(id, 'anthropic')]),
    );
    expect(results.map((r) => [r.userId, r.platform, r.windows.daily.usage.toFixed()])).toEqual(
      ids.flatMap((id, n) => [
        [id, 'openai', String(n)],
        [id, 'anthropic', '0'],
      ]),
    );
  });
});
