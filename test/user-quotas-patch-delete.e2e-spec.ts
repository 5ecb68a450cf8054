/** Changing (PATCH) and removing (DELETE) the quota row of one platform of a user. */
import { BillingService } from '../src/billing/billing.service.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, THIS_WEEK, TODAY } from './support/time.js';
import { adminView, expectFieldErrors, type Json, MONTH, plus, useUserQuotasApi } from './support/user-quotas-api.js';

const t = useTestApp();
const { admin, api, storedRows, everything, activeRows, auditOf, userWithUsage } = useUserQuotasApi(t);

describe('PATCH /api/v1/admin/users/:id/platform-quotas/:platform', () => {
  it('changes only the named limits (absent unchanged, null unlimited) and keeps usage and starts', async () => {
    const user = await createUser(t.dataSource);
    await setQuota(t.dataSource, user.id, 'anthropic', {
      limits: { daily: '10', weekly: '20', monthly: '30' },
      usage: { daily: '1', weekly: '2', monthly: '3' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: NOW },
    });
    await setQuota(t.dataSource, user.id, 'openai', { limits: { daily: '4' } });
    const res = await api
      .patch(user.id, 'anthropic', { weekly_limit_usd: '25.5', monthly_limit_usd: null })
      .expect(200);
    expect(res.body.platform_quotas).toEqual([
      adminView('anthropic', {
        daily_limit_usd: '10',
        daily_usage_usd: '1',
        daily_remaining_usd: '9',
        daily_window_start: TODAY,
        weekly_limit_usd: '25.5',
        weekly_usage_usd: '2',
        weekly_remaining_usd: '23.5',
        weekly_window_start: THIS_WEEK,
        monthly_usage_usd: '3',
        monthly_window_start: NOW,
        monthly_window_resets_at: plus(NOW, MONTH),
      }),
      adminView('openai', { daily_limit_usd: '4', daily_remaining_usd: '4' }),
    ]);
    expect(await activeRows(user.id, 'anthropic')).toBe(1);
    expect(await storedRows(user.id)).toHaveLength(2);

    const [entry] = await auditOf(user.id);
    expect(entry).toMatchObject({
      actor_user_id: admin.user.id,
      action: 'user.platform_quota.updated',
      target_user_id: user.id,
      before: { anthropic: { daily: '10', weekly: '20', monthly: '30' } },
      after: { anthropic: { daily: '10', weekly: '25.5', monthly: null } },
    });
  });

  it('creates the row when there is none, the other limits unlimited, also after a removal', async () => {
    const user = await createUser(t.dataSource);
    const res = await api.patch(user.id, 'gemini', { daily_limit_usd: 0 }).expect(200);
    expect(res.body.platform_quotas).toEqual([adminView('gemini', { daily_limit_usd: '0', daily_remaining_usd: '0' })]);
    expect(await auditOf(user.id)).toEqual([
      expect.objectContaining({
        action: 'user.platform_quota.updated',
        before: { gemini: null },
        after: { gemini: { daily: '0', weekly: null, monthly: null } },
      }),
    ]);

    await api.remove(user.id, 'gemini').expect(200);
    await api.patch(user.id, 'gemini', { monthly_limit_usd: '8' }).expect(200);
    expect(await activeRows(user.id, 'gemini')).toBe(1);
    const [view] = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect([view.daily_limit_usd, view.weekly_limit_usd, view.monthly_limit_usd]).toEqual([null, null, '8']);
  });

  it('refuses an empty body, a bad limit, an unknown field or platform with 400; an unknown user with 404; nothing written', async () => {
    const userId = await userWithUsage();
    const before = await everything(userId);
    const refusals: [string, unknown, string[]][] = [
      ['anthropic', {}, ['body']],
      ['anthropic', { daily_limit_usd: -5 }, ['daily_limit_usd']],
      ['anthropic', { weekly_limit_usd: '0.12345678901' }, ['weekly_limit_usd']],
      ['anthropic', { monthly_limit_usd: 12345678901 }, ['monthly_limit_usd']],
      ['anthropic', { daily_limit_usd: 'NaN' }, ['daily_limit_usd']],
      ['anthropic', { hourly_limit_usd: 1 }, ['hourly_limit_usd']],
      ['anthropic', { platform: 'openai', daily_limit_usd: 1 }, ['platform']],
      ['grok', { daily_limit_usd: 1 }, ['platform']],
      ['Anthropic', { daily_limit_usd: 1 }, ['platform']],
    ];
    for (const [platform, body, fields] of refusals) {
      expectFieldErrors(await api.patch(userId, platform, body), fields);
    }
    expectFieldErrors(await api.patch(userId, 'anthropic', undefined), ['body']);
    expectFieldErrors(await api.patch('x1', 'anthropic', { daily_limit_usd: 1 }), ['id']);
    expect(await everything(userId)).toEqual(before);

    const unknown = await api.patch(987654, 'openai', { daily_limit_usd: 1 }).expect(404);
    expect(unknown.body.code).toBe('USER_NOT_FOUND');
    expect(await storedRows(987654)).toEqual([]);
    await t.dataSource.query(`UPDATE users SET deleted_at = $2 WHERE id = $1`, [userId, NOW]);
    const deleted = await everything(userId);
    expect((await api.patch(userId, 'anthropic', { daily_limit_usd: 1 }).expect(404)).body.code).toBe('USER_NOT_FOUND');
    expect(await everything(userId)).toEqual(deleted);
  });
});

describe('DELETE /api/v1/admin/users/:id/platform-quotas/:platform', () => {
  it('soft-deletes the row, so the user is unlimited there, and answers with the rows left', async () => {
    const userId = await userWithUsage();
    const res = await api.remove(userId, 'anthropic').expect(200);
    expect(res.body.platform_quotas.map((q: Json) => q.platform)).toEqual(['openai']);
    const anthropic = (await storedRows(userId)).find((r) => r.platform === 'anthropic')!;
    expect((anthropic.deleted_at as Date).toISOString()).toBe(NOW);
    expect(anthropic.daily_usage_usd).toBe('1.5000000000');
    const check = await t.app.get(BillingService).check(userId, 'anthropic');
    expect(check.allowed).toBe(true);
    expect(check.windows.daily.limit).toBeNull();

    const [entry] = await auditOf(userId);
    expect(entry).toMatchObject({
      actor_user_id: admin.user.id,
      action: 'user.platform_quota.deleted',
      target_user_id: userId,
      after: { anthropic: null },
    });
    const removed = (entry.before as Record<string, Record<string, string | null>>).anthropic;
    expect(removed).toEqual({ daily: '5', weekly: '50', monthly: null });
  });

  it('answers 404 USER_PLATFORM_QUOTA_NOT_FOUND without an active row, 404 for an unknown user, 400 for an unknown platform', async () => {
    const userId = await userWithUsage();
    const before = await everything(userId);
    expect((await api.remove(userId, 'gemini').expect(404)).body).toEqual({
      statusCode: 404,
      code: 'USER_PLATFORM_QUOTA_NOT_FOUND',
      message: `User ${userId} has no active quota for gemini.`,
      details: { user_id: userId, platform: 'gemini' },
    });
    expectFieldErrors(await api.remove(userId, 'grok'), ['platform']);
    expect((await api.remove(987654, 'openai').expect(404)).body.code).toBe('USER_NOT_FOUND');
    expect(await everything(userId)).toEqual(before);

    await api.remove(userId, 'openai').expect(200);
    const after = await everything(userId);
    expect((await api.remove(userId, 'openai').expect(404)).body.code).toBe('USER_PLATFORM_QUOTA_NOT_FOUND');
    expect(await everything(userId)).toEqual(after);
  });
});
