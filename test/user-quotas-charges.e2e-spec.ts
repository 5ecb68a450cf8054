/**
 * Admin writes to a user's quota rows meeting the usage that charges produce: one after the other,
 * and racing each other.
 */
import { BillingService } from '../src/billing/billing.service.js';
import { PLATFORMS, type Platform } from '../src/common/domain.constants.js';
import { createUser } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, THIS_WEEK, TODAY } from './support/time.js';
import { adminView, type Json, MONTH, plus, useUserQuotasApi } from './support/user-quotas-api.js';

const t = useTestApp();
const { api, storedRows, activeRows, auditOf } = useUserQuotasApi(t);

let requestSeq = 0;

function charge(userId: number, platform: Platform, costUsd: string) {
  return t.app.get(BillingService).charge({ userId, platform, costUsd, requestId: `user-quotas-${++requestSeq}` });
}

describe('admin writes and charges', () => {
  it('PUT and PATCH change the limits but keep the usage that charges produced', async () => {
    const user = await createUser(t.dataSource);
    await charge(user.id, 'anthropic', '2.5');
    await charge(user.id, 'anthropic', '1');
    const billing = t.app.get(BillingService);

    const put = await api.replace(user.id, [{ platform: 'anthropic', daily_limit_usd: 5 }]).expect(200);
    expect(put.body.platform_quotas).toEqual([
      adminView('anthropic', {
        daily_limit_usd: '5',
        daily_usage_usd: '3.5',
        daily_remaining_usd: '1.5',
        daily_window_start: TODAY,
        weekly_usage_usd: '3.5',
        weekly_window_start: THIS_WEEK,
        monthly_usage_usd: '3.5',
        monthly_window_start: NOW,
        monthly_window_resets_at: plus(NOW, MONTH),
      }),
    ]);
    expect((await billing.check(user.id, 'anthropic')).allowed).toBe(true);

    const patch = await api.patch(user.id, 'anthropic', { daily_limit_usd: '3.5', weekly_limit_usd: 100 }).expect(200);
    expect(patch.body.platform_quotas[0]).toMatchObject({
      daily_limit_usd: '3.5',
      daily_usage_usd: '3.5',
      daily_remaining_usd: '0',
      weekly_remaining_usd: '96.5',
    });
    expect(await billing.check(user.id, 'anthropic')).toMatchObject({ allowed: false, refusedBy: 'daily' });

    const next = await charge(user.id, 'anthropic', '0.5');
    expect([next.usage.daily, next.usage.weekly, next.usage.monthly].map((m) => m.toFixed())).toEqual(['4', '4', '4']);
  });

  it('after a reset, the next charge counts from 0 in the reset window only', async () => {
    const user = await createUser(t.dataSource);
    await api.replace(user.id, [{ platform: 'openai', daily_limit_usd: 5, weekly_limit_usd: 10 }]).expect(200);
    await charge(user.id, 'openai', '5');
    expect((await t.app.get(BillingService).check(user.id, 'openai')).refusedBy).toBe('daily');

    t.clock.set('2026-05-20T12:00:00.000Z');
    await api.reset(user.id, { platform: 'openai', window: 'daily' }).expect(200);
    expect((await t.app.get(BillingService).check(user.id, 'openai')).allowed).toBe(true);
    t.clock.set('2026-05-20T13:00:00.000Z');
    const after = await charge(user.id, 'openai', '1.5');
    expect([after.usage.daily, after.usage.weekly, after.usage.monthly].map((m) => m.toFixed())).toEqual([
      '1.5',
      '6.5',
      '6.5',
    ]);

    await api.reset(user.id, { platform: 'openai', window: 'all' }).expect(200);
    const fresh = await charge(user.id, 'openai', '0.25');
    expect([fresh.usage.daily, fresh.usage.weekly, fresh.usage.monthly].map((m) => m.toFixed())).toEqual([
      '0.25',
      '0.25',
      '0.25',
    ]);
    const [view] = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect([view.daily_usage_usd, view.weekly_usage_usd, view.monthly_usage_usd]).toEqual(['0.25', '0.25', '0.25']);

    // The next day the reset daily window rolls over as any other.
    t.clock.set('2026-05-21T09:00:00.000Z');
    const tomorrow = await charge(user.id, 'openai', '2');
    expect([tomorrow.usage.daily, tomorrow.usage.weekly].map((m) => m.toFixed())).toEqual(['2', '2.25']);
  });

  it('a removed platform starts again from 0: a later charge opens a fresh unlimited row whose usage a new limit keeps', async () => {
    const user = await createUser(t.dataSource);
    await api.replace(user.id, [{ platform: 'gemini', daily_limit_usd: 10 }]).expect(200);
    await charge(user.id, 'gemini', '4');
    await api.remove(user.id, 'gemini').expect(200);
    expect((await api.get(user.id).expect(200)).body).toEqual({ platform_quotas: [] });

    await charge(user.id, 'gemini', '1');
    const [unlimited] = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect([unlimited.daily_limit_usd, unlimited.daily_usage_usd]).toEqual([null, '1']);

    await api.patch(user.id, 'gemini', { daily_limit_usd: 10 }).expect(200);
    expect(await activeRows(user.id, 'gemini')).toBe(1);
    const [limited] = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect([limited.daily_limit_usd, limited.daily_usage_usd, limited.daily_remaining_usd]).toEqual(['10', '1', '9']);
    expect((await storedRows(user.id)).map((r) => [r.daily_usage_usd, r.deleted_at === null])).toEqual([
      ['4.0000000000', false],
      ['1.0000000000', true],
    ]);
  });
});

describe('concurrent admin writes', () => {
  it('loses neither a charge nor a limit when PATCHes of different windows race with charges', async () => {
    const user = await createUser(t.dataSource);
    await api.replace(user.id, [{ platform: 'openai', daily_limit_usd: 1 }]).expect(200);
    const charges = Array.from({ length: 40 }, () => charge(user.id, 'openai', '0.25'));
    const patches = [
      api.patch(user.id, 'openai', { daily_limit_usd: 100 }).expect(200),
      api.patch(user.id, 'openai', { weekly_limit_usd: 200 }).expect(200),
      api.patch(user.id, 'openai', { monthly_limit_usd: 300 }).expect(200),
      api.patch(user.id, 'gemini', { daily_limit_usd: 4 }).expect(200),
    ];
    await Promise.all([...charges, ...patches]);
    const views = (await api.get(user.id).expect(200)).body.platform_quotas;
    expect(
      views.map((q: Json) => [
        q.platform,
        q.daily_limit_usd,
        q.weekly_limit_usd,
        q.monthly_limit_usd,
        q.daily_usage_usd,
      ]),
    ).toEqual([
      ['openai', '100', '200', '300', '10'],
      ['gemini', '4', null, null, '0'],
    ]);
    expect((await auditOf(user.id)).filter((e) => e.action === 'user.platform_quota.updated')).toHaveLength(4);
  });

  it('leaves at most one active row per platform, matching the last audit entry, when PUTs race', async () => {
    const user = await createUser(t.dataSource);
    const sets: Platform[][] = [
      ['anthropic', 'openai'],
      ['openai', 'gemini'],
      ['gemini', 'antigravity', 'anthropic'],
      [],
      ['anthropic'],
      ['antigravity', 'openai', 'gemini', 'anthropic'],
    ];
    await Promise.all(
      sets.map((platforms, i) =>
        api
          .replace(
            user.id,
            platforms.map((platform) => ({ platform, daily_limit_usd: i })),
          )
          .expect(200),
      ),
    );
    for (const platform of PLATFORMS) expect(await activeRows(user.id, platform)).toBeLessThanOrEqual(1);
    const entries = await auditOf(user.id);
    expect(entries).toHaveLength(sets.length);
    const views = (await api.get(user.id).expect(200)).body.platform_quotas as Json[];
    const last = entries.at(-1)!.after as Record<string, { daily: string }>;
    expect(Object.fromEntries(views.map((q) => [q.platform, q.daily_limit_usd]))).toEqual(
      Object.fromEntries(Object.entries(last).map(([platform, limits]) => [platform, limits.daily])),
    );
    // Each entry's "before" is the previous entry's "after": the writes did not interleave.
    for (let i = 1; i < entries.length; i++) expect(entries[i].before).toEqual(entries[i - 1].after);
  });
});
