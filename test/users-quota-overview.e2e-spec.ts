/** The admin's list of users with their quotas: filtered and sorted by how close they are to their limits. */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { DAY, NOW, THIS_WEEK, TODAY } from './support/time.js';

describe('GET /api/v1/admin/users with quotas', () => {
  const t = useTestApp();
  const tag = `overview${Date.now()}`;
  const ids: Record<string, number> = {};
  let auth: Record<string, string>;

  beforeAll(async () => {
    t.clock.set(NOW);
    auth = (await signedIn(t, 'admin')).auth;
    const user = async (name: string) => {
      ids[name] = (await createUser(t.dataSource, { email: `${name}.${tag}@example.com` })).id;
      return ids[name];
    };
    // 90 % of a daily limit.
    await setQuota(t.dataSource, await user('near'), 'openai', {
      limits: { daily: 10 },
      usage: { daily: 9 },
      starts: { daily: TODAY },
    });
    // Disabled on one platform: always at its limit.
    await setQuota(t.dataSource, await user('disabled'), 'anthropic', { limits: { daily: 0 } });
    // 20 % of a weekly limit, on gemini.
    await setQuota(t.dataSource, await user('light'), 'gemini', {
      limits: { weekly: 100 },
      usage: { weekly: 20 },
      starts: { weekly: THIS_WEEK },
    });
    // Rows without limits.
    await setQuota(t.dataSource, await user('free'), 'gemini', { usage: { daily: 50 }, starts: { daily: TODAY } });
    // At its limit yesterday: today's usage counts 0.
    await setQuota(t.dataSource, await user('yesterday'), 'openai', {
      limits: { daily: 10 },
      usage: { daily: 10 },
      starts: { daily: new Date(new Date(TODAY).getTime() - DAY) },
    });
    // Exactly at a monthly limit.
    await setQuota(t.dataSource, await user('full'), 'openai', {
      limits: { monthly: 5 },
      usage: { monthly: 5 },
      starts: { monthly: new Date(new Date(NOW).getTime() - DAY) },
    });
    // No rows at all.
    await user('none');
  });

  const list = async (query: Record<string, string | number> = {}) => {
    const res = await request(t.http)
      .get('/api/v1/admin/users')
      .query({ search: tag, page_size: 100, ...query })
      .set(auth)
      .expect(200);
    return res.body as {
      items: { id: number; max_used_percent: number | null; platform_quotas: Record<string, unknown>[] }[];
      total: number;
    };
  };
  const names = (body: { items: { id: number }[] }) =>
    body.items.map((item) => Object.keys(ids).find((name) => ids[name] === item.id));

  it('filters by status: limited, near their limit, exhausted', async () => {
    expect(names(await list({ status: 'limited' }))).toEqual(['near', 'disabled', 'light', 'yesterday', 'full']);
    expect(names(await list({ status: 'near_limit' }))).toEqual(['near', 'disabled', 'full']);
    const exhausted = await list({ status: 'exhausted' });
    expect(names(exhausted)).toEqual(['disabled', 'full']);
    expect(exhausted.total).toBe(2);
  });

  it('filters by platform', async () => {
    expect(names(await list({ platform: 'gemini' }))).toEqual(['light', 'free']);
    expect(names(await list({ platform: 'openai', status: 'exhausted' }))).toEqual(['full']);
  });

  it('sorts by the highest share of a limit used, unlimited users last', async () => {
    expect(names(await list({ sort: 'usage' }))).toEqual([
      'disabled',
      'full',
      'near',
      'light',
      'yesterday',
      'free',
      'none',
    ]);
  });

  it('pages a sorted, filtered list and counts all its matches', async () => {
    const first = await list({ sort: 'usage', status: 'limited', page_size: 2 });
    const second = await list({ sort: 'usage', status: 'limited', page_size: 2, page: 2 });
    const past = await list({ sort: 'usage', status: 'limited', page_size: 2, page: 9 });
    expect([names(first), names(second), names(past)]).toEqual([['disabled', 'full'], ['near', 'light'], []]);
    expect([first.total, second.total, past.total]).toEqual([5, 5, 5]);
  });

  it('gives each user its rows as the user sees them, and the highest share used', async () => {
    const body = await list({ sort: 'email' });
    const item = (name: string) => body.items.find((i) => i.id === ids[name])!;
    expect(item('near').max_used_percent).toBe(90);
    expect(item('disabled').max_used_percent).toBe(100);
    expect(item('yesterday').max_used_percent).toBe(0);
    expect(item('free').max_used_percent).toBeNull();
    expect(item('none')).toMatchObject({ max_used_percent: null, platform_quotas: [] });
    expect(item('near').platform_quotas).toEqual([
      expect.objectContaining({
        platform: 'openai',
        daily_limit_usd: '10',
        daily_usage_usd: '9',
        daily_remaining_usd: '1',
        daily_used_percent: 90,
        weekly_limit_usd: null,
        weekly_used_percent: null,
      }),
    ]);
    expect(names(body)).toEqual(['disabled', 'free', 'full', 'light', 'near', 'none', 'yesterday']);
  });

  it.each([
    ['status', 'broke'],
    ['sort', 'random'],
    ['platform', 'grok'],
  ])('refuses an unknown %s with 400 naming it', async (name, value) => {
    const res = await request(t.http)
      .get('/api/v1/admin/users')
      .query({ [name]: value })
      .set(auth)
      .expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([name]);
  });
});
