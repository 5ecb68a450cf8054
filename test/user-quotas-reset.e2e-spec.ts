/** Resetting the usage of a window (or all three) of a user's quota row. */
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, THIS_WEEK, TODAY } from './support/time.js';
import { adminView, expectFieldErrors, type Json, MONTH, plus, useUserQuotasApi } from './support/user-quotas-api.js';

const t = useTestApp();
const { admin, api, storedRows, everything, auditOf } = useUserQuotasApi(t);

describe('POST /api/v1/admin/users/:id/platform-quotas/reset', () => {
  const RESET_AT = '2026-05-20T15:30:12.345Z';

  async function userToReset(): Promise<number> {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'openai', {
      limits: { daily: '5', weekly: '10', monthly: '20' },
      usage: { daily: '1', weekly: '4', monthly: '7' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: '2026-05-10T08:00:00Z' },
    });
    await setQuota(t.dataSource, user.id, 'gemini', {
      usage: { daily: '2', weekly: '2', monthly: '2' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: NOW },
    });
    return user.id;
  }

  const windowsOf = (view: Json) => ({
    daily: [view.daily_usage_usd, view.daily_window_start],
    weekly: [view.weekly_usage_usd, view.weekly_window_start],
    monthly: [view.monthly_usage_usd, view.monthly_window_start],
  });

  it('daily: zeroes the daily usage, the daily window starting at the reset instant; weekly and monthly unchanged', async () => {
    const userId = await userToReset();
    const gemini = (await api.get(userId).expect(200)).body.platform_quotas[1];
    t.clock.set(RESET_AT);
    const res = await api.reset(userId, { platform: 'openai', window: 'daily' }).expect(200);
    const [openai, geminiAfter] = res.body.platform_quotas;
    expect(openai).toEqual(
      adminView('openai', {
        daily_limit_usd: '5',
        daily_usage_usd: '0',
        daily_remaining_usd: '5',
        daily_window_start: RESET_AT,
        weekly_limit_usd: '10',
        weekly_usage_usd: '4',
        weekly_remaining_usd: '6',
        weekly_window_start: THIS_WEEK,
        monthly_limit_usd: '20',
        monthly_usage_usd: '7',
        monthly_remaining_usd: '13',
        monthly_window_start: '2026-05-10T08:00:00.000Z',
        monthly_window_resets_at: '2026-06-09T08:00:00.000Z',
      }),
    );
    expect(geminiAfter).toEqual(gemini);
    const [stored] = await storedRows(userId);
    expect(stored).toMatchObject({ daily_usage_usd: '0.0000000000', weekly_usage_usd: '4.0000000000' });
    expect((stored.daily_window_start as Date).toISOString()).toBe(RESET_AT);

    const [entry] = await auditOf(userId);
    expect(entry).toMatchObject({
      actor_user_id: admin.user.id,
      action: 'user.platform_quota.reset',
      target_user_id: userId,
      before: { platform: 'openai', window: 'daily', daily_window_start: TODAY },
      after: { platform: 'openai', window: 'daily', daily_window_start: RESET_AT },
    });
    expect(Number(entry.before!.daily_usage_usd)).toBe(1);
    expect(Number(entry.after!.daily_usage_usd)).toBe(0);
  });

  it('weekly and monthly reset their own window only; all resets the three', async () => {
    const userId = await userToReset();
    t.clock.set(RESET_AT);
    const weekly = await api.reset(userId, { platform: 'openai', window: 'weekly' }).expect(200);
    expect(windowsOf(weekly.body.platform_quotas[0])).toEqual({
      daily: ['1', TODAY],
      weekly: ['0', RESET_AT],
      monthly: ['7', '2026-05-10T08:00:00.000Z'],
    });
    const monthly = await api.reset(userId, { platform: 'openai', window: 'monthly' }).expect(200);
    expect(windowsOf(monthly.body.platform_quotas[0])).toEqual({
      daily: ['1', TODAY],
      weekly: ['0', RESET_AT],
      monthly: ['0', RESET_AT],
    });
    expect(monthly.body.platform_quotas[0].monthly_window_resets_at).toBe(plus(RESET_AT, MONTH));

    t.clock.set('2026-05-20T16:00:00.000Z');
    const all = await api.reset(userId, { platform: 'gemini', window: 'all' }).expect(200);
    expect(windowsOf(all.body.platform_quotas[1])).toEqual({
      daily: ['0', '2026-05-20T16:00:00.000Z'],
      weekly: ['0', '2026-05-20T16:00:00.000Z'],
      monthly: ['0', '2026-05-20T16:00:00.000Z'],
    });
    expect((await auditOf(userId)).map((e) => [e.action, e.before!.platform, e.before!.window])).toEqual([
      ['user.platform_quota.reset', 'openai', 'weekly'],
      ['user.platform_quota.reset', 'openai', 'monthly'],
      ['user.platform_quota.reset', 'gemini', 'all'],
    ]);
  });

  it('answers 404 without an active row or user, 400 for a bad window or platform; nothing written', async () => {
    const userId = await userToReset();
    const before = await everything(userId);
    expect((await api.reset(userId, { platform: 'anthropic', window: 'daily' }).expect(404)).body).toMatchObject({
      code: 'USER_PLATFORM_QUOTA_NOT_FOUND',
      details: { user_id: userId, platform: 'anthropic' },
    });
    expect((await api.reset(987654, { platform: 'openai', window: 'daily' }).expect(404)).body.code).toBe(
      'USER_NOT_FOUND',
    );
    const refusals: [unknown, string[]][] = [
      [{ platform: 'openai', window: 'yearly' }, ['window']],
      [{ platform: 'openai', window: 'DAILY' }, ['window']],
      [{ platform: 'openai' }, ['window']],
      [{ platform: 'grok', window: 'daily' }, ['platform']],
      [{ window: 'all' }, ['platform']],
      [{}, ['platform', 'window']],
      [{ platform: 'openai', window: 'daily', usage: 0 }, ['usage']],
    ];
    for (const [body, fields] of refusals) {
      expectFieldErrors(await api.reset(userId, body), fields);
    }
    expectFieldErrors(await api.reset('me', { platform: 'openai', window: 'daily' }), ['id']);
    expect(await everything(userId)).toEqual(before);

    await api.remove(userId, 'gemini').expect(200);
    const removed = await everything(userId);
    expect((await api.reset(userId, { platform: 'gemini', window: 'all' }).expect(404)).body.code).toBe(
      'USER_PLATFORM_QUOTA_NOT_FOUND',
    );
    expect(await everything(userId)).toEqual(removed);
  });
});
