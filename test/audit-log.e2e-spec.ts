/** GET /api/v1/admin/audit-log: every admin change, newest first, filtered and paged. */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';

describe('audit log', () => {
  const t = useTestApp();
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let targetId: number;

  beforeAll(async () => {
    admin = await signedIn(t, 'admin');
    const target = await createUser(t.dataSource);
    targetId = target.id;
    await setQuota(t.dataSource, targetId, 'openai', {
      limits: { daily: '5' },
      usage: { daily: '2' },
      starts: { daily: '2026-05-20T00:00:00Z' },
    });
    const as = (call: request.Test) => call.set(admin.auth).expect((res) => expect(res.status).toBeLessThan(300));
    await as(
      request(t.http)
        .put('/api/v1/admin/settings/platform-quotas')
        .send({ default_platform_quotas: { gemini: { daily: 1 } } }),
    );
    await as(
      request(t.http).patch(`/api/v1/admin/users/${targetId}/platform-quotas/openai`).send({ daily_limit_usd: '7.5' }),
    );
    await as(
      request(t.http)
        .post(`/api/v1/admin/users/${targetId}/platform-quotas/reset`)
        .send({ platform: 'openai', window: 'daily' }),
    );
    await as(request(t.http).post('/api/v1/admin/users').send({ email: 'audited@example.com', auth_source: 'google' }));
  });

  const list = (query = '') => request(t.http).get(`/api/v1/admin/audit-log${query}`).set(admin.auth);

  it('lists every change newest first, with actor, target, before and after', async () => {
    const res = await list().expect(200);
    expect(res.body).toMatchObject({ page: 1, page_size: 20, total: 4 });
    expect(res.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.created',
      'user.platform_quota.reset',
      'user.platform_quota.updated',
      'settings.platform_quotas.updated',
    ]);
    const [created, reset, updated, settings] = res.body.items;
    expect(created).toMatchObject({
      actor_user_id: admin.user.id,
      after: { email: 'audited@example.com', auth_source: 'google' },
    });
    expect(reset).toMatchObject({
      target_user_id: targetId,
      before: { platform: 'openai', window: 'daily', daily_usage_usd: '2' },
      after: {
        platform: 'openai',
        window: 'daily',
        daily_usage_usd: '0',
        daily_window_start: '2026-05-20T10:00:00.000Z',
      },
    });
    expect(updated).toMatchObject({
      target_user_id: targetId,
      before: { openai: { daily: '5', weekly: null, monthly: null } },
      after: { openai: { daily: '7.5', weekly: null, monthly: null } },
    });
    expect(settings).toMatchObject({
      target_user_id: null,
      before: { default_platform_quotas: null },
      after: { default_platform_quotas: { gemini: { daily: '1', weekly: null, monthly: null } } },
    });
    expect(new Date(settings.created_at).getTime()).not.toBeNaN();
  });

  it('filters by target user and by action, and pages', async () => {
    const byUser = await list(`?target_user_id=${targetId}`).expect(200);
    expect(byUser.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.platform_quota.reset',
      'user.platform_quota.updated',
    ]);
    const byAction = await list('?action=settings.platform_quotas.updated').expect(200);
    expect(byAction.body).toMatchObject({ total: 1, items: [{ action: 'settings.platform_quotas.updated' }] });
    const second = await list('?page=2&page_size=3').expect(200);
    expect(second.body).toMatchObject({
      page: 2,
      page_size: 3,
      total: 4,
      items: [{ action: 'settings.platform_quotas.updated' }],
    });
  });

  it.each([
    ['?action=user.hacked', 'action'],
    ['?target_user_id=abc', 'target_user_id'],
    ['?page=0', 'page'],
    ['?page=1e300', 'page'],
    ['?page_size=101', 'page_size'],
    ['?sort=asc', 'sort'],
  ])('refuses %s naming the parameter', async (query, field) => {
    const res = await list(query).expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});
