/**
 * The defaults API (`GET|PUT /api/v1/admin/settings/platform-quotas`) as an admin meets it: the
 * documents under the reference's key names, whole-replace writes, validation that writes
 * nothing, the audit trail, and what a new user gets from the defaults when it is registered.
 */
import request from 'supertest';

import { formatMoney, moneyFromDb } from '../src/common/money.js';
import { signedIn } from './support/auth.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

const PATH = '/api/v1/admin/settings/platform-quotas';
const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'] as const;
const SOURCES = ['email', 'linuxdo', 'oidc', 'wechat', 'github', 'google', 'dingtalk'] as const;
const UNSET = { daily: null, weekly: null, monthly: null };

type Limits = { daily: string | null; weekly: string | null; monthly: string | null };
type Source = (typeof SOURCES)[number];

interface AuditRow {
  id: number;
  actor_user_id: number | null;
  action: string;
  target_user_id: number | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** admin_audit_log as node-postgres returns it (bigint ids as strings). */
type RawAuditRow = Omit<AuditRow, 'id' | 'actor_user_id' | 'target_user_id'> &
  Record<'id' | 'actor_user_id' | 'target_user_id', string | null>;

/** The body of POST /api/v1/admin/users, as far as these tests read it. */
interface CreatedUser {
  id: number;
  platform_quotas: ({ platform: string } & Record<string, string | null>)[];
}

const docKey = (source: Source) => `auth_source_default_${source}_platform_quotas`;
const grantKey = (source: Source) => `auth_source_default_${source}_grant_on_signup`;

/** What GET answers when nothing was ever written. */
function freshInstall(): Record<string, unknown> {
  const body: Record<string, unknown> = {
    default_platform_quotas: Object.fromEntries(PLATFORMS.map((p) => [p, UNSET])),
  };
  for (const source of SOURCES) {
    body[docKey(source)] = null;
    body[grantKey(source)] = false;
  }
  return body;
}

/** The system document as GET shows it: every platform, unset ones all null. */
function systemDocument(configured: Record<string, Partial<Limits>>): Record<string, Limits> {
  return Object.fromEntries(PLATFORMS.map((p) => [p, { ...UNSET, ...configured[p] }]));
}

describe('admin settings: platform quota defaults', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp(db);
    admin = await signedIn(t, 'admin');
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  // Settings are global: every test starts from a fresh install's (empty) configuration.
  beforeEach(async () => {
    await t.dataSource.query('DELETE FROM settings');
  });

  const get = () => request(t.http).get(PATH).set(admin.auth);
  const put = (body: unknown) =>
    request(t.http)
      .put(PATH)
      .set(admin.auth)
      .send(body as object);

  async function settingsRows(): Promise<{ key: string; value: unknown; updated_at: Date }[]> {
    return t.dataSource.query('SELECT key, value, updated_at FROM settings ORDER BY key');
  }

  async function auditEntries(): Promise<AuditRow[]> {
    const rows: RawAuditRow[] = await t.dataSource.query(
      'SELECT id, actor_user_id, action, target_user_id, before, after FROM admin_audit_log ORDER BY id',
    );
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      actor_user_id: r.actor_user_id === null ? null : Number(r.actor_user_id),
      target_user_id: r.target_user_id === null ? null : Number(r.target_user_id),
    }));
  }

  /** Registers a user through the admin API and returns its active quota rows as stored. */
  async function registerThroughApi(
    authSource: Source,
  ): Promise<{ id: number; body: CreatedUser; rows: Record<string, Limits> }> {
    const email = `settings-${++sequence}-${Date.now()}@example.com`;
    const res = await request(t.http)
      .post('/api/v1/admin/users')
      .set(admin.auth)
      .send({ email, auth_source: authSource })
      .expect(201);
    return { id: res.body.id, body: res.body, rows: await activeLimits(res.body.id) };
  }

  async function activeLimits(userId: number): Promise<Record<string, Limits>> {
    const rows: { platform: string; daily: string | null; weekly: string | null; monthly: string | null }[] =
      await t.dataSource.query(
        `SELECT platform, daily_limit_usd AS daily, weekly_limit_usd AS weekly, monthly_limit_usd AS monthly
           FROM user_platform_quotas WHERE user_id = $1 AND deleted_at IS NULL`,
        [userId],
      );
    const norm = (v: string | null) => formatMoney(moneyFromDb(v));
    return Object.fromEntries(
      rows.map((r) => [r.platform, { daily: norm(r.daily), weekly: norm(r.weekly), monthly: norm(r.monthly) }]),
    );
  }

  describe('GET', () => {
    it('on a fresh install lists all four platforms unset, and every auth source unset and not granted', async () => {
      const res = await get().expect(200);
      expect(res.body).toEqual(freshInstall());
    });

    it('is refused to a plain user with 403', async () => {
      const user = await signedIn(t, 'user');
      const res = await request(t.http).get(PATH).set(user.auth).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
    });
  });

  describe('PUT', () => {
    it('round-trips an auth-source document (the reference test: email openai.monthly 20)', async () => {
      await put({ auth_source_default_email_platform_quotas: { openai: { monthly: 20 } } }).expect(200);
      const res = await get().expect(200);
      expect(res.body.auth_source_default_email_platform_quotas.openai.monthly).toBe('20');
      expect(res.body.auth_source_default_email_platform_quotas).toEqual({
        openai: { daily: null, weekly: null, monthly: '20' },
      });
      expect(res.body.auth_source_default_linuxdo_platform_quotas).toBeNull();
      expect(res.body.default_platform_quotas).toEqual(systemDocument({}));
    });

    it('answers with the state after the write, the same as a following GET', async () => {
      const res = await put({
        default_platform_quotas: { anthropic: { daily: 10, weekly: null, monthly: 200 } },
        auth_source_default_github_platform_quotas: { gemini: { weekly: '3' } },
        auth_source_default_github_grant_on_signup: true,
      }).expect(200);
      expect(res.body).toEqual({
        ...freshInstall(),
        default_platform_quotas: systemDocument({ anthropic: { daily: '10', monthly: '200' } }),
        auth_source_default_github_platform_quotas: { gemini: { daily: null, weekly: '3', monthly: null } },
        auth_source_default_github_grant_on_signup: true,
      });
      expect((await get().expect(200)).body).toEqual(res.body);
    });

    it('accepts numbers and decimal strings and returns decimal strings', async () => {
      const res = await put({
        default_platform_quotas: {
          anthropic: { daily: 10, weekly: '2.5', monthly: 0 },
          openai: { daily: '2.50', weekly: 0.1, monthly: '0' },
          gemini: { daily: '0.0000000001', weekly: '9999999999.9999999999', monthly: 1e3 },
        },
      }).expect(200);
      expect(res.body.default_platform_quotas).toEqual({
        anthropic: { daily: '10', weekly: '2.5', monthly: '0' },
        openai: { daily: '2.5', weekly: '0.1', monthly: '0' },
        gemini: { daily: '0.0000000001', weekly: '9999999999.9999999999', monthly: '1000' },
        antigravity: UNSET,
      });
    });

    it('replaces a stored document whole: platforms and windows left out are no longer set (no merge)', async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 10, weekly: 50 }, openai: { monthly: 5 } },
        auth_source_default_oidc_platform_quotas: { anthropic: { daily: 1 }, openai: { weekly: 2 } },
      }).expect(200);
      const res = await put({
        default_platform_quotas: { anthropic: { weekly: 7 }, gemini: { weekly: 3 } },
        auth_source_default_oidc_platform_quotas: { openai: { monthly: 3 } },
      }).expect(200);
      expect(res.body.default_platform_quotas).toEqual(
        systemDocument({ anthropic: { weekly: '7' }, gemini: { weekly: '3' } }),
      );
      expect(res.body.auth_source_default_oidc_platform_quotas).toEqual({
        openai: { daily: null, weekly: null, monthly: '3' },
      });
    });

    it('leaves a stored value alone when its key is absent or null', async () => {
      const before = await put({
        default_platform_quotas: { anthropic: { daily: 10 } },
        auth_source_default_email_platform_quotas: { openai: { monthly: 20 } },
        auth_source_default_email_grant_on_signup: true,
        auth_source_default_wechat_platform_quotas: {},
      }).expect(200);

      const res = await put({
        default_platform_quotas: null,
        auth_source_default_email_platform_quotas: null,
        auth_source_default_email_grant_on_signup: null,
        auth_source_default_github_grant_on_signup: true,
      }).expect(200);
      expect(res.body).toEqual({ ...before.body, auth_source_default_github_grant_on_signup: true });
      expect(res.body.auth_source_default_email_grant_on_signup).toBe(true);
      expect(res.body.auth_source_default_wechat_platform_quotas).toEqual({});
    });

    it('an empty body changes nothing and answers the current state', async () => {
      const before = await put({ default_platform_quotas: { openai: { daily: 1 } } }).expect(200);
      const res = await put({}).expect(200);
      expect(res.body).toEqual(before.body);
    });

    it('{} clears the system default: every platform is back to all null', async () => {
      await put({ default_platform_quotas: { anthropic: { daily: 10 }, openai: { weekly: 0 } } }).expect(200);
      const res = await put({ default_platform_quotas: {} }).expect(200);
      expect(res.body.default_platform_quotas).toEqual(systemDocument({}));
      expect((await get().expect(200)).body).toEqual(freshInstall());
    });

    it('{} clears an auth-source document, which then reads {} rather than null', async () => {
      await put({ auth_source_default_dingtalk_platform_quotas: { anthropic: { daily: 5 } } }).expect(200);
      const res = await put({ auth_source_default_dingtalk_platform_quotas: {} }).expect(200);
      expect(res.body.auth_source_default_dingtalk_platform_quotas).toEqual({});
      expect((await get().expect(200)).body.auth_source_default_dingtalk_platform_quotas).toEqual({});
      // One never written still reads null.
      expect(res.body.auth_source_default_google_platform_quotas).toBeNull();
    });

    it('stores grant flags: true once set, false again when turned off, false when never set', async () => {
      let res = await put({ auth_source_default_linuxdo_grant_on_signup: true }).expect(200);
      expect(res.body).toEqual({ ...freshInstall(), auth_source_default_linuxdo_grant_on_signup: true });
      res = await put({ auth_source_default_linuxdo_grant_on_signup: false }).expect(200);
      expect(res.body).toEqual(freshInstall());
    });

    it('every auth source has its own document and flag', async () => {
      const body: Record<string, unknown> = {};
      SOURCES.forEach((source, i) => {
        body[docKey(source)] = { anthropic: { daily: i + 1 } };
        body[grantKey(source)] = i % 2 === 0;
      });
      const res = await put(body).expect(200);
      SOURCES.forEach((source, i) => {
        expect(res.body[docKey(source)]).toEqual({ anthropic: { daily: String(i + 1), weekly: null, monthly: null } });
        expect(res.body[grantKey(source)]).toBe(i % 2 === 0);
      });
    });

    it('is refused to a plain user with 403 and writes nothing', async () => {
      const user = await signedIn(t, 'user');
      await request(t.http)
        .put(PATH)
        .set(user.auth)
        .send({ default_platform_quotas: { openai: { daily: 1 } } })
        .expect(403);
      expect(await settingsRows()).toEqual([]);
    });
  });

  describe('PUT validation', () => {
    it('refuses an unknown platform with 400 INVALID_DEFAULT_PLATFORM_QUOTA naming it', async () => {
      const res = await put({ default_platform_quotas: { grok: { daily: 1 } } }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_DEFAULT_PLATFORM_QUOTA' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['default_platform_quotas.grok']);
      expect(res.body.details.errors[0].message).toContain('grok');
    });

    it('refuses "__proto__" as a key of a body with 400 naming it, and keeps the stored document', async () => {
      await put({ default_platform_quotas: { anthropic: { daily: 10 } } }).expect(200);
      const rowsBefore = await settingsRows();
      for (const body of [
        '{"default_platform_quotas":{"__proto__":{"daily":1}}}',
        '{"default_platform_quotas":{"openai":{"__proto__":1}}}',
        '{"__proto__":{"default_platform_quotas":{}}}',
      ]) {
        const res = await request(t.http)
          .put(PATH)
          .set(admin.auth)
          .set('Content-Type', 'application/json')
          .send(body)
          .expect(400);
        expect(res.body).toMatchObject({
          code: 'MALFORMED_REQUEST',
          message: expect.stringContaining('"__proto__" is not allowed'),
        });
      }
      expect(await settingsRows()).toEqual(rowsBefore);
    });

    it('refuses an unknown platform in an auth-source document, naming that document', async () => {
      const res = await put({ auth_source_default_oidc_platform_quotas: { OpenAI: { daily: 1 } } }).expect(400);
      expect(res.body.code).toBe('INVALID_DEFAULT_PLATFORM_QUOTA');
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'auth_source_default_oidc_platform_quotas.OpenAI',
      ]);
    });

    it.each([
      ['a negative number', -1],
      ['a negative string', '-0.01'],
      ['"Infinity"', 'Infinity'],
      ['"-Infinity"', '-Infinity'],
      ['"NaN"', 'NaN'],
      ['11 fraction digits', '0.00000000001'],
      ['11 integer digits', '12345678901'],
      ['11 integer digits as a number', 12345678901],
      ['a word', 'ten'],
      ['a boolean', true],
      ['an object', { usd: 1 }],
    ])('refuses %s as a limit with 400 naming the platform and window', async (_name, limit) => {
      const res = await put({ default_platform_quotas: { openai: { daily: limit } } }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'INVALID_DEFAULT_PLATFORM_QUOTA' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'default_platform_quotas.openai.daily',
      ]);
      expect(await settingsRows()).toEqual([]);
    });

    it('refuses 1e400 sent as a JSON number (non-finite once parsed)', async () => {
      const res = await request(t.http)
        .put(PATH)
        .set(admin.auth)
        .set('Content-Type', 'application/json')
        .send('{"auth_source_default_email_platform_quotas":{"gemini":{"monthly":1e400}}}')
        .expect(400);
      expect(res.body.code).toBe('INVALID_DEFAULT_PLATFORM_QUOTA');
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'auth_source_default_email_platform_quotas.gemini.monthly',
      ]);
    });

    it('refuses an unknown window, naming it', async () => {
      const res = await put({ default_platform_quotas: { anthropic: { yearly: 1 } } }).expect(400);
      expect(res.body.code).toBe('INVALID_DEFAULT_PLATFORM_QUOTA');
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'default_platform_quotas.anthropic.yearly',
      ]);
    });

    it('names every offending field of a request', async () => {
      const res = await put({
        default_platform_quotas: { openai: { daily: -1, monthly: 'NaN' } },
        auth_source_default_google_platform_quotas: { grok: {} },
      }).expect(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'auth_source_default_google_platform_quotas.grok',
        'default_platform_quotas.openai.daily',
        'default_platform_quotas.openai.monthly',
      ]);
    });

    it.each([
      ['a typo of a known key', { default_platform_quota: { openai: { daily: 1 } } }, 'default_platform_quota'],
      [
        'an unknown auth source',
        { auth_source_default_twitter_platform_quotas: {} },
        'auth_source_default_twitter_platform_quotas',
      ],
      [
        'an unknown grant flag',
        { auth_source_default_twitter_grant_on_signup: true },
        'auth_source_default_twitter_grant_on_signup',
      ],
    ])('refuses %s at the top level with 400 VALIDATION_FAILED naming it', async (_name, body, field) => {
      const res = await put(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(await settingsRows()).toEqual([]);
    });

    it.each([
      ['"true"', 'true'],
      ['1', 1],
      ['"yes"', 'yes'],
      ['an object', {}],
    ])('refuses a grant flag of %s (not a boolean) with 400 naming it', async (_name, flag) => {
      const res = await put({ auth_source_default_github_grant_on_signup: flag }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400 });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'auth_source_default_github_grant_on_signup',
      ]);
      expect(await settingsRows()).toEqual([]);
    });

    it.each([
      ['a string', 'x'],
      ['an array', [{ daily: 1 }]],
      ['a number', 5],
      ['true', true],
    ])('refuses a document that is %s with 400 naming its key', async (_name, document) => {
      const res = await put({ default_platform_quotas: document }).expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['default_platform_quotas']);
    });

    it('one invalid document among valid ones refuses the whole PUT: no row changes, no audit entry', async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 1 } },
        auth_source_default_email_platform_quotas: { openai: { weekly: 2 } },
      }).expect(200);
      const rowsBefore = await settingsRows();
      const auditBefore = await auditEntries();
      const stateBefore = (await get().expect(200)).body;

      const res = await put({
        default_platform_quotas: { anthropic: { daily: 99 }, openai: { monthly: 5 } },
        auth_source_default_email_platform_quotas: { openai: { weekly: 3 } },
        auth_source_default_github_platform_quotas: { gemini: { daily: 4 } },
        auth_source_default_github_grant_on_signup: true,
        auth_source_default_oidc_platform_quotas: { anthropic: { daily: -5 } },
      }).expect(400);
      expect(res.body.code).toBe('INVALID_DEFAULT_PLATFORM_QUOTA');
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([
        'auth_source_default_oidc_platform_quotas.anthropic.daily',
      ]);

      expect(await settingsRows()).toEqual(rowsBefore);
      expect(await auditEntries()).toEqual(auditBefore);
      expect((await get().expect(200)).body).toEqual(stateBefore);
    });

    it('an invalid grant flag among valid documents refuses the whole PUT too', async () => {
      const auditBefore = await auditEntries();
      await put({
        default_platform_quotas: { anthropic: { daily: 1 } },
        auth_source_default_google_grant_on_signup: 'on',
      }).expect(400);
      expect(await settingsRows()).toEqual([]);
      expect(await auditEntries()).toEqual(auditBefore);
    });
  });

  describe('audit', () => {
    it('a successful PUT appends one settings.platform_quotas.updated entry with the actor, before and after', async () => {
      await put({ default_platform_quotas: { anthropic: { daily: 1 } } }).expect(200);
      const before = await auditEntries();

      await put({
        default_platform_quotas: { anthropic: { daily: 10 } },
        auth_source_default_email_platform_quotas: { openai: { monthly: 20 } },
        auth_source_default_email_grant_on_signup: true,
      }).expect(200);

      const added = (await auditEntries()).slice(before.length);
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        action: 'settings.platform_quotas.updated',
        actor_user_id: admin.user.id,
        target_user_id: null,
      });
      expect(added[0].before).toMatchObject({
        default_platform_quotas: { anthropic: { daily: '1' } },
        auth_source_default_email_platform_quotas: null,
      });
      expect(added[0].after).toMatchObject({
        default_platform_quotas: { anthropic: { daily: '10' } },
        auth_source_default_email_platform_quotas: { openai: { monthly: '20' } },
        auth_source_default_email_grant_on_signup: true,
      });
    });

    it('each successful PUT gets its own entry', async () => {
      const before = await auditEntries();
      await put({ auth_source_default_wechat_grant_on_signup: true }).expect(200);
      await put({ auth_source_default_wechat_grant_on_signup: false }).expect(200);
      await put({ default_platform_quotas: {} }).expect(200);
      const added = (await auditEntries()).slice(before.length);
      expect(added.map((e) => e.action)).toEqual([
        'settings.platform_quotas.updated',
        'settings.platform_quotas.updated',
        'settings.platform_quotas.updated',
      ]);
      expect(added.every((e) => e.actor_user_id === admin.user.id)).toBe(true);
      expect(added[1].before).toMatchObject({ auth_source_default_wechat_grant_on_signup: true });
      expect(added[1].after).toMatchObject({ auth_source_default_wechat_grant_on_signup: false });
    });
  });

  describe('what a new user starts with', () => {
    it('with nothing configured, a new user gets a row for every platform, all unlimited', async () => {
      const { rows, body } = await registerThroughApi('email');
      expect(rows).toEqual(Object.fromEntries(PLATFORMS.map((p) => [p, UNSET])));
      expect(body.platform_quotas.map((q: { platform: string }) => q.platform)).toEqual([...PLATFORMS]);
    });

    it('gets the system default when its source grant is off, even though the source has a document', async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 10, weekly: 50, monthly: 200 }, openai: { weekly: 0 } },
        auth_source_default_email_platform_quotas: { anthropic: { daily: 1 }, gemini: { monthly: 0 } },
        auth_source_default_email_grant_on_signup: false,
      }).expect(200);
      const { rows, body } = await registerThroughApi('email');
      expect(rows).toEqual({
        anthropic: { daily: '10', weekly: '50', monthly: '200' },
        openai: { daily: null, weekly: '0', monthly: null },
        gemini: UNSET,
        antigravity: UNSET,
      });
      // The response shows the same rows.
      const limits = Object.fromEntries(
        body.platform_quotas.map((q: Record<string, string | null>) => [
          q.platform,
          { daily: q.daily_limit_usd, weekly: q.weekly_limit_usd, monthly: q.monthly_limit_usd },
        ]),
      );
      expect(limits).toEqual(rows);
    });

    it('a source without a grant flag (never set) gets the system default too', async () => {
      await put({
        default_platform_quotas: { gemini: { daily: 3 } },
        auth_source_default_google_platform_quotas: { gemini: { daily: 30 } },
      }).expect(200);
      const { rows } = await registerThroughApi('google');
      expect(rows.gemini).toEqual({ daily: '3', weekly: null, monthly: null });
    });

    it('with the grant on, each set field of the source document overrides; null or missing fields keep the system value', async () => {
      await put({
        default_platform_quotas: {
          anthropic: { daily: 10, weekly: 50, monthly: 200 },
          openai: { daily: 5, weekly: null, monthly: 100 },
          gemini: { monthly: 30 },
        },
        auth_source_default_github_platform_quotas: {
          anthropic: { daily: '2.5', weekly: null },
          openai: { monthly: 0 },
          antigravity: { weekly: 7 },
        },
        auth_source_default_github_grant_on_signup: true,
      }).expect(200);
      const { rows } = await registerThroughApi('github');
      expect(rows).toEqual({
        anthropic: { daily: '2.5', weekly: '50', monthly: '200' },
        openai: { daily: '5', weekly: null, monthly: '0' },
        gemini: { daily: null, weekly: null, monthly: '30' },
        antigravity: { daily: null, weekly: '7', monthly: null },
      });
    });

    it('an explicit 0 in a granted source document disables the platform (overwrites the system value)', async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 10, weekly: 20, monthly: 30 } },
        auth_source_default_linuxdo_platform_quotas: { anthropic: { daily: 0, weekly: 0, monthly: 0 } },
        auth_source_default_linuxdo_grant_on_signup: true,
      }).expect(200);
      const { rows } = await registerThroughApi('linuxdo');
      expect(rows.anthropic).toEqual({ daily: '0', weekly: '0', monthly: '0' });
    });

    it('a granted source document can set a limit the system default leaves unlimited', async () => {
      await put({
        auth_source_default_wechat_platform_quotas: { openai: { weekly: '12.34' } },
        auth_source_default_wechat_grant_on_signup: true,
      }).expect(200);
      const { rows } = await registerThroughApi('wechat');
      expect(rows.openai).toEqual({ daily: null, weekly: '12.34', monthly: null });
      expect(rows.anthropic).toEqual(UNSET);
    });

    it('a cleared ({}) or absent source document with the grant on gives the system default', async () => {
      await put({
        default_platform_quotas: { antigravity: { monthly: 9 } },
        auth_source_default_oidc_platform_quotas: {},
        auth_source_default_oidc_grant_on_signup: true,
        auth_source_default_dingtalk_grant_on_signup: true,
      }).expect(200);
      const oidc = await registerThroughApi('oidc');
      const dingtalk = await registerThroughApi('dingtalk');
      for (const { rows } of [oidc, dingtalk]) {
        expect(rows).toEqual({
          anthropic: UNSET,
          openai: UNSET,
          gemini: UNSET,
          antigravity: { daily: null, weekly: null, monthly: '9' },
        });
      }
    });

    it("each auth source resolves with its own document and flag, not another source's", async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 10 } },
        auth_source_default_github_platform_quotas: { anthropic: { daily: 3 } },
        auth_source_default_github_grant_on_signup: true,
        auth_source_default_google_platform_quotas: { anthropic: { daily: 4 } },
        auth_source_default_google_grant_on_signup: false,
      }).expect(200);
      expect((await registerThroughApi('github')).rows.anthropic.daily).toBe('3');
      expect((await registerThroughApi('google')).rows.anthropic.daily).toBe('10');
      expect((await registerThroughApi('email')).rows.anthropic.daily).toBe('10');
    });

    it("changing the defaults later does not touch existing users' rows; users registered afterwards get the new ones", async () => {
      await put({
        default_platform_quotas: { anthropic: { daily: 10 } },
        auth_source_default_email_platform_quotas: { openai: { weekly: 1 } },
        auth_source_default_email_grant_on_signup: true,
      }).expect(200);
      const early = await registerThroughApi('email');

      await put({
        default_platform_quotas: { anthropic: { daily: 99 }, gemini: { daily: 1 } },
        auth_source_default_email_platform_quotas: {},
      }).expect(200);
      expect(await activeLimits(early.id)).toEqual(early.rows);
      expect(early.rows.anthropic.daily).toBe('10');
      expect(early.rows.openai.weekly).toBe('1');

      const late = await registerThroughApi('email');
      expect(late.rows.anthropic.daily).toBe('99');
      expect(late.rows.openai).toEqual(UNSET);
      expect(late.rows.gemini.daily).toBe('1');

      await put({ default_platform_quotas: {} }).expect(200);
      expect(await activeLimits(early.id)).toEqual(early.rows);
      expect(await activeLimits(late.id)).toEqual(late.rows);
    });
  });
});
