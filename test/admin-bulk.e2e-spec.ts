/** One admin action on many users: apply defaults, reset a window, set limits; dry runs; per-user outcomes. */
import request from 'supertest';

import { signedIn } from './support/auth.js';
import { activeQuota, createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, TODAY } from './support/time.js';

const BULK = '/api/v1/admin/platform-quotas/bulk';

describe('POST /api/v1/admin/platform-quotas/bulk', () => {
  const t = useTestApp();
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let sequence = 0;

  beforeAll(async () => {
    admin = await signedIn(t, 'admin');
  });
  beforeEach(() => t.clock.set(NOW));

  const bulk = (body: object) => request(t.http).post(BULK).set(admin.auth).send(body);
  const auditCount = async (action: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log WHERE action = $1`, [action]))[0].n;

  /** Users tagged for one test, with an openai row of some usage. */
  async function tagged(count: number) {
    const tag = `bulk${++sequence}x${Date.now()}`;
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const user = await createUser(t.dataSource, { email: `b${i}.${tag}@example.com` });
      await setQuota(t.dataSource, user.id, 'openai', {
        limits: { daily: 10 },
        usage: { daily: 4 },
        starts: { daily: TODAY },
      });
      ids.push(user.id);
    }
    return { tag, ids };
  }

  it('sets limits for the users named, one audited transaction each, saying which changed', async () => {
    const { ids } = await tagged(3);
    await setQuota(t.dataSource, ids[2], 'anthropic', { limits: { weekly: 7 } });
    const before = await auditCount('user.platform_quota.updated');
    const res = await bulk({
      target: { user_ids: ids },
      action: { type: 'set_limits', platform: 'openai', daily_limit_usd: '10', weekly_limit_usd: 50 },
    }).expect(200);
    expect(res.body).toEqual({
      dry_run: false,
      users: 3,
      results: ids.map((id, i) => ({
        user_id: id,
        email: expect.stringMatching(`^b${i}\\.`),
        ok: true,
        changed: true,
      })),
    });
    for (const id of ids) {
      const row = await activeQuota(t.dataSource, id, 'openai');
      expect([row!.dailyLimitUsd!.toFixed(), row!.weeklyLimitUsd!.toFixed(), row!.dailyUsageUsd.toFixed()]).toEqual([
        '10',
        '50',
        '4',
      ]);
    }
    expect(await auditCount('user.platform_quota.updated')).toBe(before + 3);

    // The same limits again change nothing.
    const again = await bulk({
      target: { user_ids: ids },
      action: { type: 'set_limits', platform: 'openai', daily_limit_usd: 10, weekly_limit_usd: '50' },
    }).expect(200);
    expect(again.body.results.map((r: { changed: boolean }) => r.changed)).toEqual([false, false, false]);
  });

  it('resets a window for the users a filter matches, and reports a user without the row on its own', async () => {
    const { tag, ids } = await tagged(2);
    const without = await createUser(t.dataSource, { email: `b9.${tag}@example.com` });
    const res = await bulk({
      target: { filter: { search: tag } },
      action: { type: 'reset', platform: 'openai', window: 'daily' },
    }).expect(200);
    expect(res.body.users).toBe(3);
    expect(res.body.results).toEqual([
      { user_id: ids[0], email: `b0.${tag}@example.com`, ok: true, changed: true },
      { user_id: ids[1], email: `b1.${tag}@example.com`, ok: true, changed: true },
      {
        user_id: without.id,
        email: `b9.${tag}@example.com`,
        ok: false,
        changed: false,
        error: expect.objectContaining({ statusCode: 404, code: 'USER_PLATFORM_QUOTA_NOT_FOUND' }),
      },
    ]);
    for (const id of ids) expect((await activeQuota(t.dataSource, id, 'openai'))!.dailyUsageUsd.toFixed()).toBe('0');
  });

  it('applies the current defaults to the users named', async () => {
    const { ids } = await tagged(2);
    await request(t.http)
      .put('/api/v1/admin/settings/platform-quotas')
      .set(admin.auth)
      .send({ default_platform_quotas: { gemini: { monthly: 30 } } })
      .expect(200);
    const res = await bulk({ target: { user_ids: ids }, action: { type: 'apply_defaults', mode: 'fill_missing' } });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { changed: boolean }) => r.changed)).toEqual([true, true]);
    expect((await activeQuota(t.dataSource, ids[0], 'gemini'))!.monthlyLimitUsd!.toFixed()).toBe('30');
    await request(t.http)
      .put('/api/v1/admin/settings/platform-quotas')
      .set(admin.auth)
      .send({ default_platform_quotas: {} })
      .expect(200);
  });

  it('in a dry run says whom it would touch and writes nothing', async () => {
    const { tag, ids } = await tagged(2);
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`);
    const res = await bulk({
      target: { filter: { search: tag, status: 'limited' } },
      action: { type: 'reset', platform: 'openai', window: 'all' },
      dry_run: true,
    }).expect(200);
    expect(res.body).toEqual({
      dry_run: true,
      users: 2,
      results: ids.map((id, i) => ({ user_id: id, email: `b${i}.${tag}@example.com`, ok: true, changed: false })),
    });
    expect((await activeQuota(t.dataSource, ids[0], 'openai'))!.dailyUsageUsd.toFixed()).toBe('4');
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`)).toEqual(before);
  });

  it('answers an unknown user id in its place', async () => {
    const { ids } = await tagged(1);
    const res = await bulk({
      target: { user_ids: [ids[0], 987654321] },
      action: { type: 'reset', platform: 'openai', window: 'daily' },
    }).expect(200);
    expect(res.body.results[1]).toEqual({
      user_id: 987654321,
      email: null,
      ok: false,
      changed: false,
      error: expect.objectContaining({ code: 'USER_NOT_FOUND' }),
    });
  });

  it.each([
    ['no target', { action: { type: 'reset', platform: 'openai', window: 'daily' } }, ['target']],
    [
      'two targets',
      { target: { user_ids: [1], all: true }, action: { type: 'reset', platform: 'openai', window: 'daily' } },
      ['target.user_ids'],
    ],
    [
      'an empty target',
      { target: {}, action: { type: 'reset', platform: 'openai', window: 'daily' } },
      ['target.user_ids'],
    ],
    [
      'a bad filter',
      { target: { filter: { status: 'broke' } }, action: { type: 'reset', platform: 'openai', window: 'daily' } },
      ['target.filter.status'],
    ],
    [
      'a search with a NUL character',
      { target: { filter: { search: 'a\u0000b' } }, action: { type: 'reset', platform: 'openai', window: 'daily' } },
      ['target.filter.search'],
    ],
    ['an unknown action', { target: { all: true }, action: { type: 'delete' } }, ['action.type']],
    ['apply_defaults without mode', { target: { all: true }, action: { type: 'apply_defaults' } }, ['action.mode']],
    [
      'reset without window',
      { target: { all: true }, action: { type: 'reset', platform: 'openai' } },
      ['action.window'],
    ],
    [
      'reset with a limit',
      { target: { all: true }, action: { type: 'reset', platform: 'openai', window: 'daily', daily_limit_usd: 1 } },
      ['action.daily_limit_usd'],
    ],
    [
      'set_limits without a limit',
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai' } },
      ['action.type'],
    ],
    [
      'set_limits with a bad limit',
      { target: { all: true }, action: { type: 'set_limits', platform: 'openai', daily_limit_usd: -1 } },
      ['action.daily_limit_usd'],
    ],
    [
      'an unknown field',
      { target: { all: true }, action: { type: 'reset', platform: 'openai', window: 'daily' }, force: true },
      ['force'],
    ],
  ])('refuses %s with 400 naming the field, and writes nothing', async (_name, body, fields) => {
    const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`);
    const res = await bulk(body).expect(400);
    expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(fields);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`)).toEqual(before);
  });

  it('is refused to a plain user', async () => {
    const user = await signedIn(t, 'user');
    await request(t.http)
      .post(BULK)
      .set(user.auth)
      .send({ target: { all: true }, action: { type: 'reset', platform: 'openai', window: 'daily' } })
      .expect(403);
  });
});
