/** Replacing a user's quota rows as a whole (PUT), what it keeps, what it refuses, and its audit trail. */
import { PLATFORMS } from '../src/common/domain.constants.js';
import { createUser, setQuota } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW, THIS_WEEK, TODAY } from './support/time.js';
import { adminView, expectFieldErrors, type Json, useUserQuotasApi } from './support/user-quotas-api.js';

const t = useTestApp();
const { admin, api, storedRows, everything, activeRows, auditOf, userWithUsage } = useUserQuotasApi(t);

describe('PUT /api/v1/admin/users/:id/platform-quotas (full replace)', () => {
  it('creates the given rows, a missing limit being unlimited, and answers with the rows after the write', async () => {
    const user = await createUser(t.dataSource);
    const res = await api
      .replace(user.id, [
        { platform: 'openai', daily_limit_usd: 0 },
        { platform: 'anthropic', daily_limit_usd: '10.50', weekly_limit_usd: null, monthly_limit_usd: 100 },
      ])
      .expect(200);
    expect(res.body).toEqual({
      platform_quotas: [
        adminView('anthropic', {
          daily_limit_usd: '10.5',
          daily_remaining_usd: '10.5',
          monthly_limit_usd: '100',
          monthly_remaining_usd: '100',
        }),
        adminView('openai', { daily_limit_usd: '0', daily_remaining_usd: '0' }),
      ],
    });
    expect((await api.get(user.id).expect(200)).body).toEqual(res.body);
    const rows = await storedRows(user.id);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.deleted_at === null && r.daily_window_start === null)).toBe(true);
  });

  it('soft-deletes the platforms left out and updates the others (anthropic 20, gemini 10, openai removed)', async () => {
    const user = await createUser(t.dataSource);
    await api
      .replace(user.id, [
        { platform: 'anthropic', daily_limit_usd: 5 },
        { platform: 'openai', daily_limit_usd: 5 },
      ])
      .expect(200);
    t.clock.set('2026-05-20T11:00:00.000Z');
    const res = await api
      .replace(user.id, [
        { platform: 'gemini', daily_limit_usd: 10 },
        { platform: 'anthropic', daily_limit_usd: 20 },
      ])
      .expect(200);
    expect(res.body.platform_quotas.map((q: Json) => [q.platform, q.daily_limit_usd])).toEqual([
      ['anthropic', '20'],
      ['gemini', '10'],
    ]);
    const rows = await storedRows(user.id);
    expect(
      rows.map((r) => [r.platform, r.daily_limit_usd, (r.deleted_at as Date | null)?.toISOString() ?? null]),
    ).toEqual([
      ['anthropic', '20.0000000000', null],
      ['openai', '5.0000000000', '2026-05-20T11:00:00.000Z'],
      ['gemini', '10.0000000000', null],
    ]);
  });

  it('keeps the usage (3.5) and the window starts of a kept platform while its limit goes from 10 to 50', async () => {
    const user = await createUser(t.dataSource);
    const row = await setQuota(t.dataSource, user.id, 'anthropic', {
      limits: { daily: '10' },
      usage: { daily: '3.5', weekly: '3.5', monthly: '3.5' },
      starts: { daily: TODAY, weekly: THIS_WEEK, monthly: '2026-05-15T09:30:00Z' },
    });
    const res = await api.replace(user.id, [{ platform: 'anthropic', daily_limit_usd: 50 }]).expect(200);
    expect(res.body.platform_quotas).toEqual([
      adminView('anthropic', {
        daily_limit_usd: '50',
        daily_usage_usd: '3.5',
        daily_remaining_usd: '46.5',
        daily_window_start: TODAY,
        weekly_usage_usd: '3.5',
        weekly_window_start: THIS_WEEK,
        monthly_usage_usd: '3.5',
        monthly_window_start: '2026-05-15T09:30:00.000Z',
        monthly_window_resets_at: '2026-06-14T09:30:00.000Z',
      }),
    ]);
    const [stored] = await storedRows(user.id);
    expect(stored).toMatchObject({ id: String(row.id), daily_limit_usd: '50.0000000000', deleted_at: null });
  });

  it('removes every row with [], and a platform added back has exactly one active row, starting from 0', async () => {
    const userId = await userWithUsage();
    expect((await api.replace(userId, []).expect(200)).body).toEqual({ platform_quotas: [] });
    expect((await storedRows(userId)).every((r) => r.deleted_at !== null)).toBe(true);
    expect((await api.get(userId).expect(200)).body).toEqual({ platform_quotas: [] });

    const res = await api.replace(userId, [{ platform: 'anthropic', daily_limit_usd: 20 }]).expect(200);
    expect(res.body.platform_quotas).toEqual([
      adminView('anthropic', { daily_limit_usd: '20', daily_remaining_usd: '20' }),
    ]);
    expect(await activeRows(userId, 'anthropic')).toBe(1);
    expect(await activeRows(userId, 'openai')).toBe(0);
    // The removed row stays as history, with its usage.
    expect((await storedRows(userId)).filter((r) => r.platform === 'anthropic')).toHaveLength(2);
  });

  it('stores the limits exactly, at the edges of DECIMAL(20,10)', async () => {
    const user = await createUser(t.dataSource);
    const res = await api
      .replace(user.id, [
        {
          platform: 'gemini',
          daily_limit_usd: '0.0000000001',
          weekly_limit_usd: '9999999999.9999999999',
          monthly_limit_usd: 0.1,
        },
        { platform: 'antigravity', daily_limit_usd: '.0000000001', weekly_limit_usd: ' 12.5 ', monthly_limit_usd: 1e9 },
      ])
      .expect(200);
    expect(
      res.body.platform_quotas.map((q: Json) => [
        q.platform,
        q.daily_limit_usd,
        q.weekly_limit_usd,
        q.monthly_limit_usd,
      ]),
    ).toEqual([
      ['gemini', '0.0000000001', '9999999999.9999999999', '0.1'],
      ['antigravity', '0.0000000001', '12.5', '1000000000'],
    ]);
  });

  describe('refusals: 400 naming the item and field, nothing written', () => {
    const all = PLATFORMS.map((platform) => ({ platform }));
    const cases: [string, unknown, string[]][] = [
      [
        'a duplicate platform',
        { quotas: [{ platform: 'anthropic' }, { platform: 'openai' }, { platform: 'anthropic', daily_limit_usd: 1 }] },
        ['quotas.2.platform'],
      ],
      [
        'an unknown platform',
        { quotas: [{ platform: 'anthropic' }, { platform: 'openai' }, { platform: 'grok' }] },
        ['quotas.2.platform'],
      ],
      ['a platform in capitals', { quotas: [{ platform: 'OpenAI' }] }, ['quotas.0.platform']],
      ['an item without a platform', { quotas: [{ daily_limit_usd: 1 }] }, ['quotas.0.platform']],
      [
        'a negative limit',
        { quotas: [{ platform: 'anthropic' }, { platform: 'openai', daily_limit_usd: -1 }] },
        ['quotas.1.daily_limit_usd'],
      ],
      [
        'a negative string',
        { quotas: [{ platform: 'openai', weekly_limit_usd: '-0.01' }] },
        ['quotas.0.weekly_limit_usd'],
      ],
      ['NaN', { quotas: [{ platform: 'openai', monthly_limit_usd: 'NaN' }] }, ['quotas.0.monthly_limit_usd']],
      ['Infinity', { quotas: [{ platform: 'openai', daily_limit_usd: 'Infinity' }] }, ['quotas.0.daily_limit_usd']],
      ['-Infinity', { quotas: [{ platform: 'openai', weekly_limit_usd: '-Infinity' }] }, ['quotas.0.weekly_limit_usd']],
      ['a word', { quotas: [{ platform: 'openai', daily_limit_usd: 'ten' }] }, ['quotas.0.daily_limit_usd']],
      ['an empty string', { quotas: [{ platform: 'openai', daily_limit_usd: '' }] }, ['quotas.0.daily_limit_usd']],
      ['a boolean', { quotas: [{ platform: 'openai', monthly_limit_usd: true }] }, ['quotas.0.monthly_limit_usd']],
      [
        '11 integer digits',
        { quotas: [{ platform: 'gemini' }, { platform: 'openai', monthly_limit_usd: '12345678901' }] },
        ['quotas.1.monthly_limit_usd'],
      ],
      [
        '11 integer digits as a JSON number',
        { quotas: [{ platform: 'openai', daily_limit_usd: 12345678901 }] },
        ['quotas.0.daily_limit_usd'],
      ],
      [
        'a string with an exponent, even in range (the documented pattern has none)',
        { quotas: [{ platform: 'openai', weekly_limit_usd: '1e-10' }] },
        ['quotas.0.weekly_limit_usd'],
      ],
      ['a null item', { quotas: [null] }, ['quotas.0']],
      [
        'an exponent past the range',
        { quotas: [{ platform: 'openai', weekly_limit_usd: '1e10' }] },
        ['quotas.0.weekly_limit_usd'],
      ],
      [
        '11 fraction digits',
        { quotas: [{ platform: 'openai', daily_limit_usd: '0.00000000001' }] },
        ['quotas.0.daily_limit_usd'],
      ],
      [
        '11 fraction digits as a JSON number',
        { quotas: [{ platform: 'openai', monthly_limit_usd: 1.00000000001 }] },
        ['quotas.0.monthly_limit_usd'],
      ],
      [
        'errors in two items',
        { quotas: [{ platform: 'openai', daily_limit_usd: -1 }, { platform: 'nope' }] },
        ['quotas.0.daily_limit_usd', 'quotas.1.platform'],
      ],
      [
        'an unknown item field',
        { quotas: [{ platform: 'openai', hourly_limit_usd: 1 }] },
        ['quotas.0.hourly_limit_usd'],
      ],
      ['an unknown top-level field', { quotas: [], replace: true }, ['replace']],
      ['no quotas', {}, ['quotas']],
      ['quotas: null', { quotas: null }, ['quotas']],
      ['quotas as an object', { quotas: { platform: 'openai' } }, ['quotas']],
      ['more items than platforms', { quotas: [...all, { platform: 'openai' }] }, ['quotas']],
      ['an item that is a string', { quotas: ['openai'] }, ['quotas.0']],
    ];

    let userId: number;
    beforeAll(async () => {
      userId = await userWithUsage();
    });

    it.each(cases)('%s', async (_name, body, fields) => {
      const before = await everything(userId);
      expectFieldErrors(await api.put(userId, body), fields);
      expect(await everything(userId)).toEqual(before);
    });

    it('refuses an item that is itself an array without writing anything', async () => {
      const before = await everything(userId);
      for (const quotas of [[[]], [{ platform: 'gemini' }, [{ platform: 'openai' }]]]) {
        const res = await api.put(userId, { quotas });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(await everything(userId)).toEqual(before);
      }
    });

    it('answers 400 naming quotas.0 for an item that is itself an array', async () => {
      expectFieldErrors(await api.put(userId, { quotas: [[]] }), ['quotas.0']);
      expectFieldErrors(await api.put(userId, { quotas: [[{ platform: 'openai' }]] }), ['quotas.0']);
    });

    it('answers 404 USER_NOT_FOUND for an unknown or deleted user, and 400 for a malformed id', async () => {
      const auditBefore = await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`);
      const unknown = await api.replace(987654, [{ platform: 'openai', daily_limit_usd: 1 }]).expect(404);
      expect(unknown.body).toMatchObject({ code: 'USER_NOT_FOUND', details: { user_id: 987654 } });
      expect(await storedRows(987654)).toEqual([]);

      const gone = await userWithUsage();
      await t.dataSource.query(`UPDATE users SET deleted_at = $2 WHERE id = $1`, [gone, NOW]);
      const before = await everything(gone);
      expect((await api.replace(gone, []).expect(404)).body.code).toBe('USER_NOT_FOUND');
      expect(await everything(gone)).toEqual(before);

      expectFieldErrors(await api.put('abc', { quotas: [] }), ['id']);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM admin_audit_log`)).toEqual(auditBefore);
    });
  });

  it('records one user.platform_quotas.replaced entry with actor, target, before and after', async () => {
    const user = await createUser(t.dataSource);
    await api.replace(user.id, [{ platform: 'openai', daily_limit_usd: '5' }]).expect(200);
    await api
      .replace(user.id, [
        { platform: 'anthropic', weekly_limit_usd: '7.5' },
        { platform: 'openai', daily_limit_usd: 6, monthly_limit_usd: 0 },
      ])
      .expect(200);
    const entries = await auditOf(user.id);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actor_user_id: admin.user.id,
      action: 'user.platform_quotas.replaced',
      target_user_id: user.id,
      before: {},
      after: { openai: { daily: '5', weekly: null, monthly: null } },
    });
    expect(entries[1]).toMatchObject({
      actor_user_id: admin.user.id,
      action: 'user.platform_quotas.replaced',
      target_user_id: user.id,
      before: { openai: { daily: '5', weekly: null, monthly: null } },
      after: {
        anthropic: { daily: null, weekly: '7.5', monthly: null },
        openai: { daily: '6', weekly: null, monthly: '0' },
      },
    });
    const [row] = await t.dataSource.query(`SELECT actor_user_id, target_user_id FROM admin_audit_log WHERE id = $1`, [
      entries[1].id,
    ]);
    expect(row).toEqual({ actor_user_id: String(admin.user.id), target_user_id: String(user.id) });
  });
});
