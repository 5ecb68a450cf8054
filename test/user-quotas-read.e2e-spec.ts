/**
 * Reading a user's quota rows: what an admin sees of any user's rows (also under another
 * QUOTA_TIMEZONE), and what a user sees of its own.
 */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { useAdmin } from './support/admin-api.js';
import { signedIn } from './support/auth.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { DAY, NOW, THIS_WEEK, TODAY } from './support/time.js';
import {
  adminView,
  base,
  expectFieldErrors,
  type Json,
  LAST_WEEK,
  MONTH,
  NEXT_MONDAY,
  plus,
  TOMORROW,
  useUserQuotasApi,
  YESTERDAY,
} from './support/user-quotas-api.js';

const t = useTestApp();
const { admin, api, storedRows, everything, userWithUsage } = useUserQuotasApi(t);

describe('GET /api/v1/admin/users/:id/platform-quotas', () => {
  it('lists only the active rows, in platform order, with limit, usage, remaining, start and reset per window', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'antigravity', { limits: { daily: 0 } });
    await setQuota(t.dataSource, user.id, 'gemini', { limits: { weekly: '7.25' } });
    const gone = await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '1' } });
    await t.dataSource.query(`UPDATE user_platform_quotas SET deleted_at = $2 WHERE id = $1`, [gone.id, NOW]);
    await setQuota(t.dataSource, user.id, 'anthropic', {
      limits: { daily: 10, weekly: null, monthly: '100' },
      usage: { daily: '3.2', weekly: '3.2', monthly: '41.5' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: '2026-05-10T08:00:00Z' },
    });

    const res = await api.get(user.id).expect(200);
    expect(res.body).toEqual({
      platform_quotas: [
        adminView('anthropic', {
          daily_limit_usd: '10',
          daily_usage_usd: '3.2',
          daily_remaining_usd: '6.8',
          daily_window_start: TODAY,
          weekly_usage_usd: '3.2',
          weekly_window_start: THIS_WEEK,
          monthly_limit_usd: '100',
          monthly_usage_usd: '41.5',
          monthly_remaining_usd: '58.5',
          monthly_window_start: '2026-05-10T08:00:00.000Z',
          monthly_window_resets_at: '2026-06-09T08:00:00.000Z',
        }),
        adminView('gemini', { weekly_limit_usd: '7.25', weekly_remaining_usd: '7.25' }),
        adminView('antigravity', { daily_limit_usd: '0', daily_remaining_usd: '0' }),
      ],
    });
  });

  it('reports an expired window as usage 0 without a start (the day and week still know their reset), writing nothing', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', {
      limits: { daily: '5', weekly: '5', monthly: '5' },
      usage: { daily: '50', weekly: '50', monthly: '50' },
      starts: { daily: '2026-05-19T23:59:59.999Z', weekly: LAST_WEEK, monthly: plus(NOW, -MONTH) },
    });
    // One millisecond short of 30 days, the rolling month is still open.
    await setQuota(t.dataSource, user.id, 'gemini', {
      usage: { daily: '2', weekly: '2', monthly: '2' },
      starts: { daily: YESTERDAY, weekly: THIS_WEEK, monthly: plus(NOW, -MONTH + 1) },
    });
    const before = await storedRows(user.id);

    const res = await api.get(user.id).expect(200);
    // The reference answers resets_at = null for an expired daily or weekly window; the current day
    // and week always have a known end, so this service reports it. A rolling month not open: null.
    expect(res.body.platform_quotas).toEqual([
      adminView('openai', {
        daily_limit_usd: '5',
        daily_remaining_usd: '5',
        weekly_limit_usd: '5',
        weekly_remaining_usd: '5',
        monthly_limit_usd: '5',
        monthly_remaining_usd: '5',
      }),
      adminView('gemini', {
        weekly_usage_usd: '2',
        weekly_window_start: THIS_WEEK,
        monthly_usage_usd: '2',
        monthly_window_start: plus(NOW, -MONTH + 1),
        monthly_window_resets_at: plus(NOW, 1),
      }),
    ]);
    expect(await storedRows(user.id)).toEqual(before);
  });

  it('keeps the rolling month’s reset time fixed as time passes, until the month expires', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'anthropic', {
      limits: { monthly: '100' },
      usage: { monthly: '12' },
      starts: { monthly: NOW },
    });
    const monthly = async () => {
      const [view] = (await api.get(user.id).expect(200)).body.platform_quotas;
      return [view.monthly_usage_usd, view.monthly_window_start, view.monthly_window_resets_at];
    };
    expect(await monthly()).toEqual(['12', NOW, plus(NOW, MONTH)]);
    t.clock.set(plus(NOW, 5 * DAY));
    expect(await monthly()).toEqual(['12', NOW, plus(NOW, MONTH)]);
    t.clock.set(plus(NOW, 10 * DAY));
    expect(await monthly()).toEqual(['12', NOW, plus(NOW, MONTH)]);
    t.clock.set(plus(NOW, MONTH));
    expect(await monthly()).toEqual(['0', null, null]);
  });

  it('resets the day at the next midnight and the week at the next Monday 00:00', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '1' } });
    const resets = async () => {
      const [view] = (await api.get(user.id).expect(200)).body.platform_quotas;
      return [view.daily_window_resets_at, view.weekly_window_resets_at];
    };
    t.clock.set('2026-05-24T23:59:59.999Z'); // Sunday night
    expect(await resets()).toEqual(['2026-05-25T00:00:00.000Z', '2026-05-25T00:00:00.000Z']);
    t.clock.set('2026-05-25T00:00:00.000Z'); // Monday, midnight
    expect(await resets()).toEqual(['2026-05-26T00:00:00.000Z', '2026-06-01T00:00:00.000Z']);
  });

  it('never reports less than 0 remaining when a charge pushed usage past the limit', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', {
      limits: { daily: '10', weekly: '10', monthly: '10' },
      usage: { daily: '12', weekly: '10', monthly: '9.5' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: NOW },
    });
    const [view] = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect([view.daily_remaining_usd, view.weekly_remaining_usd, view.monthly_remaining_usd]).toEqual([
      '0',
      '0',
      '0.5',
    ]);
  });

  it('answers [] for a user without active rows', async () => {
    const user = await createUser(t.dataSource);
    expect((await api.get(user.id).expect(200)).body).toEqual({ platform_quotas: [] });
    const row = await setQuota(t.dataSource, user.id, 'gemini', { limits: { daily: '1' } });
    await t.dataSource.query(`UPDATE user_platform_quotas SET deleted_at = $2 WHERE id = $1`, [row.id, NOW]);
    expect((await api.get(user.id).expect(200)).body).toEqual({ platform_quotas: [] });
  });

  it('answers 404 USER_NOT_FOUND for an unknown or deleted user, and 400 naming the id for a malformed one', async () => {
    expect((await api.get(987654).expect(404)).body).toEqual({
      statusCode: 404,
      code: 'USER_NOT_FOUND',
      message: 'User 987654 does not exist.',
      details: { user_id: 987654 },
    });
    const gone = await createUser(t.dataSource);
    await setQuota(t.dataSource, gone.id, 'openai', { limits: { daily: '1' } });
    await t.dataSource.query(`UPDATE users SET deleted_at = $2 WHERE id = $1`, [gone.id, NOW]);
    expect((await api.get(gone.id).expect(404)).body.code).toBe('USER_NOT_FOUND');
    for (const id of ['abc', '0', '-3', '1.5', '99999999999999999999']) {
      expectFieldErrors(await api.get(id), ['id']);
    }
  });

  // Number() reads these as the user's own id; they must not reach that user's rows.
  it('refuses with 400 an id that is not plain decimal digits (0x1f, 31.0, 31e0, " 31"), writing nothing', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '1' } });
    const before = await everything(user.id);
    for (const alias of [`0x${user.id.toString(16)}`, `${user.id}.0`, `${user.id}e0`, `%20${user.id}`]) {
      expectFieldErrors(await api.get(alias), ['id']);
      expectFieldErrors(await api.put(alias, { quotas: [] }), ['id']);
    }
    expect(await everything(user.id)).toEqual(before);
  });

  it('is for admins only: a plain user gets 403 and cannot write', async () => {
    const plain = await signedIn(t, 'user');
    const target = await userWithUsage();
    const before = await everything(target);
    expect((await api.get(target, plain.auth).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await api.get(plain.user.id, plain.auth).expect(403)).body.code).toBe('FORBIDDEN');
    await api.put(target, { quotas: [] }, plain.auth).expect(403);
    expect(await everything(target)).toEqual(before);
    await request(t.http).get(base(target)).expect(401);
  });
});

describe('GET /api/v1/user/platform-quotas', () => {
  it('shows the caller’s own rows without window starts, with the share of each limit used', async () => {
    const me = await signedIn(t, 'user');
    const current = { daily: TODAY, weekly: THIS_WEEK, monthly: NOW };
    await setQuota(t.dataSource, me.user.id, 'openai', {
      limits: { daily: '3', weekly: '3', monthly: '8' },
      usage: { daily: '1', weekly: '2', monthly: '12' },
      starts: current,
    });
    await setQuota(t.dataSource, me.user.id, 'anthropic', {
      limits: { daily: '10', weekly: null, monthly: '0' },
      usage: { daily: '3.2', weekly: '3.2', monthly: '3.2' },
      starts: current,
    });
    await setQuota(t.dataSource, me.user.id, 'antigravity', {
      limits: { daily: '4', weekly: '0', monthly: '1000' },
      usage: { daily: '4', weekly: '4', monthly: '0.001' },
      starts: { daily: YESTERDAY, weekly: LAST_WEEK, monthly: NOW },
    });

    const res = await api.mine(me.auth).expect(200);
    expect(res.body).toEqual({
      platform_quotas: [
        {
          platform: 'anthropic',
          held_usd: '0',
          daily_limit_usd: '10',
          daily_usage_usd: '3.2',
          daily_remaining_usd: '6.8',
          daily_window_resets_at: TOMORROW,
          daily_used_percent: 32,
          weekly_limit_usd: null,
          weekly_usage_usd: '3.2',
          weekly_remaining_usd: null,
          weekly_window_resets_at: NEXT_MONDAY,
          weekly_used_percent: null,
          monthly_limit_usd: '0',
          monthly_usage_usd: '3.2',
          monthly_remaining_usd: '0',
          monthly_window_resets_at: plus(NOW, MONTH),
          monthly_used_percent: 100,
        },
        {
          platform: 'openai',
          held_usd: '0',
          daily_limit_usd: '3',
          daily_usage_usd: '1',
          daily_remaining_usd: '2',
          daily_window_resets_at: TOMORROW,
          daily_used_percent: 33.33,
          weekly_limit_usd: '3',
          weekly_usage_usd: '2',
          weekly_remaining_usd: '1',
          weekly_window_resets_at: NEXT_MONDAY,
          weekly_used_percent: 66.67,
          monthly_limit_usd: '8',
          monthly_usage_usd: '12',
          monthly_remaining_usd: '0',
          monthly_window_resets_at: plus(NOW, MONTH),
          monthly_used_percent: 150,
        },
        {
          platform: 'antigravity',
          held_usd: '0',
          daily_limit_usd: '4',
          daily_usage_usd: '0',
          daily_remaining_usd: '4',
          daily_window_resets_at: TOMORROW,
          daily_used_percent: 0,
          weekly_limit_usd: '0',
          weekly_usage_usd: '0',
          weekly_remaining_usd: '0',
          weekly_window_resets_at: NEXT_MONDAY,
          weekly_used_percent: 100,
          monthly_limit_usd: '1000',
          monthly_usage_usd: '0.001',
          monthly_remaining_usd: '999.999',
          monthly_window_resets_at: plus(NOW, MONTH),
          monthly_used_percent: 0,
        },
      ],
    });
  });

  it('answers [] for a user without rows, and 401 without a token', async () => {
    const me = await signedIn(t, 'user');
    expect((await api.mine(me.auth).expect(200)).body).toEqual({ platform_quotas: [] });
    expect((await request(t.http).get('/api/v1/user/platform-quotas').expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('never shows another user’s rows, whoever the caller is', async () => {
    const me = await signedIn(t, 'user');
    const other = await signedIn(t, 'user');
    await setQuota(t.dataSource, me.user.id, 'gemini', { limits: { daily: '1' } });
    await setQuota(t.dataSource, other.user.id, 'openai', { limits: { daily: '2' } });
    await setQuota(t.dataSource, other.user.id, 'gemini', { limits: { daily: '3' } });
    await setQuota(t.dataSource, admin.user.id, 'anthropic', { limits: { daily: '4' } });

    const mine = (await api.mine(me.auth).expect(200)).body.platform_quotas;
    expect(mine.map((q: Json) => [q.platform, q.daily_limit_usd])).toEqual([['gemini', '1']]);
    const theirs = (await api.mine(other.auth).expect(200)).body.platform_quotas;
    expect(theirs.map((q: Json) => [q.platform, q.daily_limit_usd])).toEqual([
      ['openai', '2'],
      ['gemini', '3'],
    ]);
    const admins = (await api.mine(admin.auth).expect(200)).body.platform_quotas;
    expect(admins.map((q: Json) => [q.platform, q.daily_limit_usd])).toEqual([['anthropic', '4']]);
  });
});

describe('windows in QUOTA_TIMEZONE=Asia/Shanghai', () => {
  const sh = useTestApp({ env: { QUOTA_TIMEZONE: 'Asia/Shanghai' } });
  const shAdmin = useAdmin(sh);

  it('counts the day and the week from Beijing midnight and reports the next Beijing midnight and Monday', async () => {
    sh.clock.set('2026-05-20T10:00:00.000Z'); // Wednesday 18:00 in Beijing
    const user = await createUser(sh.dataSource);
    // 00:30 on Wednesday in Beijing, which is still Tuesday in UTC: the current day.
    await setQuota(sh.dataSource, user.id, 'openai', {
      limits: { daily: '10' },
      usage: { daily: '2.5', weekly: '2.5' },
      starts: { daily: '2026-05-19T16:30:00Z', weekly: '2026-05-17T16:00:00Z' },
    });
    // 23:59 on Tuesday in Beijing: yesterday there.
    await setQuota(sh.dataSource, user.id, 'gemini', {
      limits: { daily: '10' },
      usage: { daily: '7', weekly: '7' },
      starts: { daily: '2026-05-19T15:59:00Z', weekly: '2026-05-17T15:59:59Z' },
    });
    const res = await request(sh.http).get(base(user.id)).set(shAdmin.auth).expect(200);
    const [openai, gemini] = res.body.platform_quotas;
    expect(openai).toMatchObject({
      daily_usage_usd: '2.5',
      daily_window_start: '2026-05-19T16:30:00.000Z',
      daily_window_resets_at: '2026-05-20T16:00:00.000Z',
      weekly_usage_usd: '2.5',
      weekly_window_start: '2026-05-17T16:00:00.000Z',
      weekly_window_resets_at: '2026-05-24T16:00:00.000Z',
    });
    expect(gemini).toMatchObject({
      daily_usage_usd: '0',
      daily_window_start: null,
      daily_window_resets_at: '2026-05-20T16:00:00.000Z',
      weekly_usage_usd: '0',
      weekly_window_start: null,
    });
  });
});

describe('held beside used', () => {
  it('shows what live holds keep, in the user’s view, the admin’s view and the users overview', async () => {
    const me = await signedIn(t, 'user');
    const other = await signedIn(t, 'user');
    await setQuota(t.dataSource, me.user.id, 'openai', {
      limits: { daily: '10' },
      usage: { daily: '2', weekly: '2', monthly: '2' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: TODAY },
    });
    await setQuota(t.dataSource, me.user.id, 'gemini', { limits: { daily: '5' } });
    await setQuota(t.dataSource, other.user.id, 'openai', { limits: { daily: '10' } });
    const billing = t.app.get(BillingService);
    // One hold that expired a second ago, two live ones, one on another user, one released.
    t.clock.set(plus(NOW, -601_000));
    await billing.reserve({ userId: me.user.id, platform: 'openai', holdUsd: '4', requestId: `old-${me.user.id}` });
    t.clock.set(NOW);
    await billing.reserve({ userId: me.user.id, platform: 'openai', holdUsd: '1.25', requestId: `a-${me.user.id}` });
    await billing.reserve({ userId: me.user.id, platform: 'openai', holdUsd: '0.25', requestId: `b-${me.user.id}` });
    await billing.reserve({ userId: me.user.id, platform: 'gemini', holdUsd: '3', requestId: `c-${me.user.id}` });
    await billing.release(`c-${me.user.id}`);
    await billing.reserve({ userId: other.user.id, platform: 'openai', holdUsd: '7', requestId: `d-${me.user.id}` });

    const mine = (await api.mine(me.auth).expect(200)).body.platform_quotas;
    expect(mine.map((q: Json) => [q.platform, q.held_usd, q.daily_usage_usd, q.daily_remaining_usd])).toEqual([
      ['openai', '1.5', '2', '6.5'],
      ['gemini', '0', '0', '5'],
    ]);
    // The share used is the usage's: what is held has not been spent.
    expect(mine[0].daily_used_percent).toBe(20);
    const admins = (await api.get(me.user.id).expect(200)).body.platform_quotas;
    expect(admins.map((q: Json) => [q.platform, q.held_usd, q.daily_remaining_usd])).toEqual([
      ['openai', '1.5', '6.5'],
      ['gemini', '0', '5'],
    ]);
    const overview = await request(t.http)
      .get('/api/v1/admin/users')
      .query({ search: me.user.email })
      .set(admin.auth)
      .expect(200);
    expect(overview.body.items[0].platform_quotas.map((q: Json) => [q.platform, q.held_usd])).toEqual([
      ['openai', '1.5'],
      ['gemini', '0'],
    ]);
    const theirs = (await api.mine(other.auth).expect(200)).body.platform_quotas;
    expect(theirs.map((q: Json) => [q.platform, q.held_usd, q.daily_remaining_usd])).toEqual([['openai', '7', '3']]);
  });
});
