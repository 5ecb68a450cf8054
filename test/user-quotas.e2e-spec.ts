/**
 * A user's quota rows (the runtime layer) through the HTTP API: what admins read, replace, patch,
 * delete and reset, what users see of their own rows, the audit trail of each write, and how
 * these writes meet the usage that charges produce.
 */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { PLATFORMS, type Platform } from '../src/common/domain.constants.js';
import { signedIn } from './support/auth.js';
import { createUser, setQuota } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import {
  createTestDatabase,
  describeOnServer,
  SKIP_REASON_EMBEDDED,
  type TestDatabase,
} from './support/test-database.js';

const NOW = '2026-05-20T10:00:00.000Z'; // a Wednesday
const TODAY = '2026-05-20T00:00:00.000Z';
const YESTERDAY = '2026-05-19T00:00:00.000Z';
const TOMORROW = '2026-05-21T00:00:00.000Z';
const THIS_WEEK = '2026-05-18T00:00:00.000Z';
const LAST_WEEK = '2026-05-11T00:00:00.000Z';
const NEXT_MONDAY = '2026-05-25T00:00:00.000Z';
const DAY = 24 * 3600 * 1000;
const MONTH = 30 * DAY;

const plus = (instant: string, ms: number) => new Date(new Date(instant).getTime() + ms).toISOString();

type Json = Record<string, unknown>;
type Auth = { Authorization: string };

interface AuditItem {
  id: number;
  actor_user_id: number | null;
  action: string;
  target_user_id: number | null;
  before: Json | null;
  after: Json | null;
}

let db: TestDatabase;
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedIn>>;
let requestSeq = 0;

beforeAll(async () => {
  db = await createTestDatabase();
  t = await createTestApp(db);
  admin = await signedIn(t, 'admin');
});

afterAll(async () => {
  await t?.close();
  await db?.drop();
});

beforeEach(() => t.clock.set(NOW));

const base = (id: number | string) => `/api/v1/admin/users/${id}/platform-quotas`;

const api = {
  get: (id: number | string, auth: Auth = admin.auth) => request(t.http).get(base(id)).set(auth),
  put: (id: number | string, body: unknown, auth: Auth = admin.auth) =>
    request(t.http)
      .put(base(id))
      .set(auth)
      .send(body as object),
  replace: (id: number, quotas: Json[]) => api.put(id, { quotas }),
  patch: (id: number | string, platform: string, body?: unknown) => {
    const req = request(t.http)
      .patch(`${base(id)}/${platform}`)
      .set(admin.auth);
    return body === undefined ? req : req.send(body as object);
  },
  remove: (id: number | string, platform: string) =>
    request(t.http)
      .delete(`${base(id)}/${platform}`)
      .set(admin.auth),
  reset: (id: number | string, body: unknown) =>
    request(t.http)
      .post(`${base(id)}/reset`)
      .set(admin.auth)
      .send(body as object),
  mine: (auth: Auth) => request(t.http).get('/api/v1/user/platform-quotas').set(auth),
};

/** The admin view of a row with no limits and no window opened, at NOW, with `fields` on top. */
function adminView(platform: Platform, fields: Json = {}): Json {
  return {
    platform,
    daily_limit_usd: null,
    daily_usage_usd: '0',
    daily_remaining_usd: null,
    daily_window_resets_at: TOMORROW,
    daily_window_start: null,
    weekly_limit_usd: null,
    weekly_usage_usd: '0',
    weekly_remaining_usd: null,
    weekly_window_resets_at: NEXT_MONDAY,
    weekly_window_start: null,
    monthly_limit_usd: null,
    monthly_usage_usd: '0',
    monthly_remaining_usd: null,
    monthly_window_resets_at: null,
    monthly_window_start: null,
    ...fields,
  };
}

/** Every row of the user as stored, soft-deleted ones included. */
function storedRows(userId: number): Promise<Json[]> {
  return t.dataSource.query(`SELECT * FROM user_platform_quotas WHERE user_id = $1 ORDER BY id`, [userId]);
}

/** What a refused write must leave alone: the user's rows and the whole audit log. */
async function everything(userId: number) {
  return {
    rows: await storedRows(userId),
    audit: await t.dataSource.query(`SELECT * FROM admin_audit_log ORDER BY id`),
  };
}

async function activeRows(userId: number, platform: Platform): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM user_platform_quotas WHERE user_id = $1 AND platform = $2 AND deleted_at IS NULL`,
    [userId, platform],
  );
  return n;
}

/** The user's audit entries through the admin API, oldest first. */
async function auditOf(userId: number): Promise<AuditItem[]> {
  const res = await request(t.http)
    .get(`/api/v1/admin/audit-log?target_user_id=${userId}&page_size=100`)
    .set(admin.auth)
    .expect(200);
  return (res.body.items as AuditItem[]).reverse();
}

function charge(userId: number, platform: Platform, costUsd: string) {
  return t.app.get(BillingService).charge({ userId, platform, costUsd, requestId: `user-quotas-${++requestSeq}` });
}

function expectFieldErrors(res: request.Response, fields: string[]): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect(res.body.statusCode).toBe(400);
  expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(fields);
}

/** A user with two rows that carry usage, for the refusals to leave alone. */
async function userWithUsage(): Promise<number> {
  const user = await createUser(t.dataSource);
  const current = { daily: TODAY, weekly: THIS_WEEK, monthly: NOW };
  await setQuota(t.dataSource, user.id, 'anthropic', {
    limits: { daily: '5', weekly: '50' },
    usage: { daily: '1.5', weekly: '2.5', monthly: '3.5' },
    starts: current,
  });
  await setQuota(t.dataSource, user.id, 'openai', {
    limits: { monthly: '9' },
    usage: { monthly: '4' },
    starts: current,
  });
  return user.id;
}

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
        { platform: 'antigravity', daily_limit_usd: '1e-10', weekly_limit_usd: ' 12.5 ', monthly_limit_usd: 1e9 },
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

describeOnServer(`concurrent admin writes (${SKIP_REASON_EMBEDDED})`, () => {
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

describe('windows in QUOTA_TIMEZONE=Asia/Shanghai', () => {
  let shanghaiDb: TestDatabase;
  let sh: TestApp;
  let shAdmin: Auth;

  beforeAll(async () => {
    shanghaiDb = await createTestDatabase();
    sh = await createTestApp(shanghaiDb, { env: { QUOTA_TIMEZONE: 'Asia/Shanghai' } });
    shAdmin = (await signedIn(sh, 'admin')).auth;
  });

  afterAll(async () => {
    await sh?.close();
    await shanghaiDb?.drop();
  });

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
    const res = await request(sh.http).get(base(user.id)).set(shAdmin).expect(200);
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
