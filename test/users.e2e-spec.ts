/**
 * Users as an admin manages them over HTTP: create (with the quota rows the defaults give), list,
 * get, soft-delete, re-applying the current defaults to existing users, and registration being
 * all-or-nothing.
 */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { formatMoney, moneyFromDb } from '../src/common/money.js';
import { AccountsService } from '../src/accounts/accounts.service.js';
import { signedIn } from './support/auth.js';
import { createUser } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, describeOnServer, type TestDatabase } from './support/test-database.js';

const USERS = '/api/v1/admin/users';
const APPLY = '/api/v1/admin/platform-quotas/apply-defaults';
const SETTINGS = '/api/v1/admin/settings/platform-quotas';
const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'] as const;
const UNSET = { daily: null, weekly: null, monthly: null };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NOW = '2026-05-20T10:00:00.000Z'; // a Wednesday

type Limits = { daily: string | null; weekly: string | null; monthly: string | null };

interface QuotaRow {
  id: number;
  platform: string;
  limits: Limits;
  usage: Limits;
  starts: Record<'daily' | 'weekly' | 'monthly', string | null>;
  deleted_at: string | null;
}

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

/** A row of user_platform_quotas as node-postgres returns it. */
type RawQuotaRow = Record<'id' | 'platform' | `${'daily' | 'weekly' | 'monthly'}_${'limit' | 'usage'}_usd`, string> &
  Record<`${'daily' | 'weekly' | 'monthly'}_window_start` | 'deleted_at', Date | null>;

let sequence = 0;
/** A new address per call, so tests do not depend on each other. */
const uniqueEmail = (tag = 'user') => `${tag}-${++sequence}-${Date.now()}@example.com`;

describe('admin users', () => {
  let db: TestDatabase;
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    db = await createTestDatabase();
    t = await createTestApp(db);
    admin = await signedIn(t, 'admin');
  });

  afterAll(async () => {
    await t?.close();
    await db?.drop();
  });

  // Defaults are global: each test starts with none configured and the clock at NOW.
  beforeEach(async () => {
    t.clock.set(NOW);
    await t.dataSource.query('DELETE FROM settings');
  });

  const api = {
    create: (body: object) => request(t.http).post(USERS).set(admin.auth).send(body),
    list: (query: Record<string, string | number> = {}) => request(t.http).get(USERS).set(admin.auth).query(query),
    get: (id: number | string) => request(t.http).get(`${USERS}/${id}`).set(admin.auth),
    remove: (id: number | string) => request(t.http).delete(`${USERS}/${id}`).set(admin.auth),
    apply: (body: object) => request(t.http).post(APPLY).set(admin.auth).send(body),
    settings: (body: object) => request(t.http).put(SETTINGS).set(admin.auth).send(body).expect(200),
    removeQuota: (id: number, platform: string) =>
      request(t.http).delete(`${USERS}/${id}/platform-quotas/${platform}`).set(admin.auth),
  };

  async function createThroughApi(body: { email?: string; auth_source?: string; role?: string } = {}) {
    const res = await api.create({ email: uniqueEmail(), auth_source: 'email', ...body }).expect(201);
    return res.body as { id: number; email: string; auth_source: string; platform_quotas: Record<string, unknown>[] };
  }

  const norm = (v: string | null) => formatMoney(moneyFromDb(v));

  /** Every quota row of a user (active and soft-deleted), oldest first. */
  async function quotaRows(userId: number): Promise<QuotaRow[]> {
    const rows: RawQuotaRow[] = await t.dataSource.query(
      `SELECT * FROM user_platform_quotas WHERE user_id = $1 ORDER BY id`,
      [userId],
    );
    const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
    return rows.map((r) => ({
      id: Number(r.id),
      platform: r.platform,
      limits: { daily: norm(r.daily_limit_usd), weekly: norm(r.weekly_limit_usd), monthly: norm(r.monthly_limit_usd) },
      usage: { daily: norm(r.daily_usage_usd), weekly: norm(r.weekly_usage_usd), monthly: norm(r.monthly_usage_usd) },
      starts: {
        daily: iso(r.daily_window_start),
        weekly: iso(r.weekly_window_start),
        monthly: iso(r.monthly_window_start),
      },
      deleted_at: iso(r.deleted_at),
    }));
  }

  async function activeRows(userId: number): Promise<Record<string, QuotaRow>> {
    return Object.fromEntries(
      (await quotaRows(userId)).filter((r) => r.deleted_at === null).map((r) => [r.platform, r]),
    );
  }

  async function activeLimits(userId: number): Promise<Record<string, Limits>> {
    return Object.fromEntries(Object.entries(await activeRows(userId)).map(([p, r]) => [p, r.limits]));
  }

  async function audit(where: { action?: string; target?: number } = {}): Promise<AuditRow[]> {
    const rows: RawAuditRow[] = await t.dataSource.query(
      `SELECT id, actor_user_id, action, target_user_id, before, after FROM admin_audit_log
        WHERE ($1::text IS NULL OR action = $1) AND ($2::bigint IS NULL OR target_user_id = $2)
        ORDER BY id`,
      [where.action ?? null, where.target ?? null],
    );
    return rows.map((r) => ({
      ...r,
      id: Number(r.id),
      actor_user_id: r.actor_user_id === null ? null : Number(r.actor_user_id),
      target_user_id: r.target_user_id === null ? null : Number(r.target_user_id),
    }));
  }

  async function auditCount(): Promise<number> {
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM admin_audit_log');
    return n;
  }

  async function usersWithEmail(email: string): Promise<{ id: number; deleted_at: Date | null }[]> {
    return t.dataSource.query('SELECT id, deleted_at FROM users WHERE lower(email) = lower($1) ORDER BY id', [email]);
  }

  describe('POST /users', () => {
    it('creates a user (201) with a row per platform from the defaults; role defaults to user', async () => {
      await api.settings({ default_platform_quotas: { anthropic: { daily: 10 }, gemini: { monthly: '2.5' } } });
      const email = uniqueEmail('created');
      const res = await api.create({ email, auth_source: 'github' }).expect(201);

      expect(res.body).toEqual({
        id: expect.any(Number),
        email,
        auth_source: 'github',
        role: 'user',
        created_at: expect.stringMatching(ISO),
        updated_at: expect.stringMatching(ISO),
        deleted_at: null,
        platform_quotas: expect.any(Array),
      });
      expect(res.body.platform_quotas.map((q: { platform: string }) => q.platform)).toEqual([...PLATFORMS]);
      expect(res.body.platform_quotas[0]).toMatchObject({
        platform: 'anthropic',
        daily_limit_usd: '10',
        daily_usage_usd: '0',
        weekly_limit_usd: null,
        monthly_limit_usd: null,
      });
      expect(res.body.platform_quotas[2]).toMatchObject({ platform: 'gemini', monthly_limit_usd: '2.5' });

      const [row] = await t.dataSource.query('SELECT email, auth_source, role, deleted_at FROM users WHERE id = $1', [
        res.body.id,
      ]);
      expect(row).toEqual({ email, auth_source: 'github', role: 'user', deleted_at: null });
      expect(await activeLimits(res.body.id)).toEqual({
        anthropic: { daily: '10', weekly: null, monthly: null },
        openai: UNSET,
        gemini: { daily: null, weekly: null, monthly: '2.5' },
        antigravity: UNSET,
      });
      expect(Object.values(await activeRows(res.body.id)).every((r) => r.usage.daily === '0')).toBe(true);
    });

    it('creates an admin when asked for role admin', async () => {
      const res = await api.create({ email: uniqueEmail('boss'), auth_source: 'oidc', role: 'admin' }).expect(201);
      expect(res.body).toMatchObject({ role: 'admin', auth_source: 'oidc' });
      const [row] = await t.dataSource.query('SELECT role FROM users WHERE id = $1', [res.body.id]);
      expect(row.role).toBe('admin');
    });

    it('records a user.created audit entry naming the actor and the new user', async () => {
      const created = await createThroughApi({ auth_source: 'google' });
      const entries = await audit({ target: created.id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'user.created',
        actor_user_id: admin.user.id,
        target_user_id: created.id,
        before: null,
        after: { id: created.id, email: created.email, auth_source: 'google', role: 'user' },
      });
    });

    it('refuses an email a live user already has, case-insensitively, with 409 EMAIL_TAKEN', async () => {
      const tag = `${++sequence}-${Date.now()}`;
      const first = await api.create({ email: `Ada-${tag}@Example.com`, auth_source: 'email' }).expect(201);
      expect(first.body.email).toBe(`Ada-${tag}@Example.com`);
      const auditBefore = await auditCount();

      const res = await api.create({ email: `ada-${tag}@example.com`, auth_source: 'github' }).expect(409);
      expect(res.body).toMatchObject({ statusCode: 409, code: 'EMAIL_TAKEN' });
      await api.create({ email: `ADA-${tag}@EXAMPLE.COM`, auth_source: 'email' }).expect(409);

      const rows = await usersWithEmail(`ada-${tag}@example.com`);
      expect(rows.map((r) => Number(r.id))).toEqual([first.body.id]);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('accepts the email of a deleted user for a new one', async () => {
      const email = uniqueEmail('reused');
      const old = await createThroughApi({ email });
      await api.remove(old.id).expect(200);
      const again = await api.create({ email: email.toUpperCase(), auth_source: 'email' }).expect(201);
      expect(again.body.id).not.toBe(old.id);
      expect(Object.keys(await activeRows(again.body.id))).toHaveLength(4);
      // A second live one is refused again.
      await api.create({ email, auth_source: 'email' }).expect(409);
    });

    it.each([
      ['a malformed email', { email: 'not-an-email' }, 'email'],
      ['an email without a domain', { email: 'ada@' }, 'email'],
      ['an empty email', { email: '' }, 'email'],
      ['a missing email', { email: undefined }, 'email'],
      ['an email as a number', { email: 42 }, 'email'],
      ['an unknown auth source', { auth_source: 'twitter' }, 'auth_source'],
      ['a missing auth source', { auth_source: undefined }, 'auth_source'],
      ['an unknown role', { role: 'root' }, 'role'],
      ['an unknown field', { password: 'hunter2' }, 'password'],
    ])('refuses %s with 400 naming the field and writes nothing', async (_name, change, field) => {
      const email = uniqueEmail('invalid');
      const auditBefore = await auditCount();
      const res = await api.create({ email, auth_source: 'email', ...change }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expect(await usersWithEmail(email)).toEqual([]);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('is refused to a plain user with 403 and creates nobody', async () => {
      const user = await signedIn(t, 'user');
      const email = uniqueEmail('by-user');
      const res = await request(t.http).post(USERS).set(user.auth).send({ email, auth_source: 'email' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await usersWithEmail(email)).toEqual([]);
    });
  });

  describeOnServer('POST /users, concurrently', () => {
    it('of several registrations with the same email (in any case), exactly one succeeds, the others get 409', async () => {
      const tag = `race-${++sequence}-${Date.now()}`;
      const emails = [
        `${tag}@example.com`,
        `${tag.toUpperCase()}@example.com`,
        `${tag}@EXAMPLE.com`,
        `${tag}@example.com`,
      ];
      const results = await Promise.all(emails.map((email) => api.create({ email, auth_source: 'email' })));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'EMAIL_TAKEN')).toBe(true);
      expect(await usersWithEmail(`${tag}@example.com`)).toHaveLength(1);
    });
  });

  describe('registration is all or nothing', () => {
    const NARROW = `ALTER TABLE user_platform_quotas
        DROP CONSTRAINT user_platform_quotas_platform_check,
        ADD CONSTRAINT user_platform_quotas_platform_check
          CHECK (platform IN ('anthropic', 'openai', 'gemini')) NOT VALID`;
    const RESTORE = `ALTER TABLE user_platform_quotas
        DROP CONSTRAINT user_platform_quotas_platform_check,
        ADD CONSTRAINT user_platform_quotas_platform_check
          CHECK (platform IN ('anthropic', 'openai', 'gemini', 'antigravity'))`;

    /** Runs `work` while the quota insert of a registration (antigravity's row) must fail. */
    async function withFailingQuotaInsert(work: () => Promise<void>): Promise<void> {
      await t.dataSource.query(NARROW);
      try {
        await work();
      } finally {
        await t.dataSource.query(RESTORE);
      }
    }

    it('over HTTP: a failing quota insert is a 5xx JSON error, and no user row or audit entry remains', async () => {
      const email = uniqueEmail('atomic-http');
      const auditBefore = await auditCount();
      await withFailingQuotaInsert(async () => {
        const res = await api.create({ email, auth_source: 'email' });
        expect(res.status).toBeGreaterThanOrEqual(500);
        expect(res.headers['content-type']).toMatch(/application\/json/);
        expect(res.body).toEqual({ statusCode: res.status, code: expect.any(String), message: expect.any(String) });
        expect(await usersWithEmail(email)).toEqual([]);
      });
      expect(await auditCount()).toBe(auditBefore);
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM user_platform_quotas q LEFT JOIN users u ON u.id = q.user_id WHERE u.id IS NULL`,
      );
      expect(n).toBe(0);

      // Once the database accepts the rows again, the same email registers normally.
      const res = await api.create({ email, auth_source: 'email' }).expect(201);
      expect(Object.keys(await activeRows(res.body.id)).sort()).toEqual([...PLATFORMS].sort());
    });

    it('through AccountsService.register (self-registration): the call fails and the user is not created', async () => {
      const email = uniqueEmail('atomic-service');
      const accounts = t.app.get(AccountsService);
      await withFailingQuotaInsert(async () => {
        await expect(accounts.register({ email, authSource: 'github' })).rejects.toThrow();
        expect(await usersWithEmail(email)).toEqual([]);
      });
      const { user, quotas } = await accounts.register({ email, authSource: 'github' });
      expect(user.email).toBe(email);
      expect(quotas.map((q) => q.platform)).toEqual([...PLATFORMS]);
    });
  });

  describe('GET /users (list)', () => {
    /** Users with a shared, unique tag in their email, so a search finds exactly them. */
    async function tagged(count: number, sources: string[] = ['email']) {
      const tag = `list${++sequence}x${Date.now()}`;
      const ids: number[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(
          (await createThroughApi({ email: `m${i}.${tag}@example.com`, auth_source: sources[i % sources.length] })).id,
        );
      }
      return { tag, ids };
    }

    it('pages through the matching users oldest first, with page, page_size and total', async () => {
      const { tag, ids } = await tagged(5);
      const pages = [];
      for (const page of [1, 2, 3]) {
        const res = await api.list({ search: tag, page, page_size: 2 }).expect(200);
        expect(res.body).toMatchObject({ page, page_size: 2, total: 5 });
        pages.push(res.body.items.map((u: { id: number }) => u.id));
      }
      expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);

      const beyond = await api.list({ search: tag, page: 4, page_size: 2 }).expect(200);
      expect(beyond.body).toEqual({ items: [], page: 4, page_size: 2, total: 5 });
    });

    it('answers items in the user shape, page 1 and page_size 20 by default', async () => {
      const { tag, ids } = await tagged(1, ['dingtalk']);
      const res = await api.list({ search: tag }).expect(200);
      expect(res.body).toEqual({
        items: [
          {
            id: ids[0],
            email: `m0.${tag}@example.com`,
            auth_source: 'dingtalk',
            role: 'user',
            created_at: expect.stringMatching(ISO),
            updated_at: expect.stringMatching(ISO),
            deleted_at: null,
          },
        ],
        page: 1,
        page_size: 20,
        total: 1,
      });
    });

    it('without a search lists every live user (the total counts them all)', async () => {
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM users WHERE deleted_at IS NULL');
      const res = await api.list({ page_size: 100 }).expect(200);
      expect(res.body.total).toBe(n);
    });

    it('searches by any part of the email, case-insensitively', async () => {
      const { tag, ids } = await tagged(2);
      const upper = await api.list({ search: tag.toUpperCase() }).expect(200);
      expect(upper.body.items.map((u: { id: number }) => u.id)).toEqual(ids);
      const part = await api.list({ search: `M1.${tag.toUpperCase()}@EXAMPLE` }).expect(200);
      expect(part.body.items.map((u: { id: number }) => u.id)).toEqual([ids[1]]);
      expect(part.body.total).toBe(1);
    });

    it('treats % and _ (and \\) in the search literally', async () => {
      const tag = `lit${++sequence}x${Date.now()}`;
      const make = async (local: string) =>
        (await createUser(t.dataSource, { email: `${local}.${tag}@example.com` })).id;
      const underscore = await make('a_b');
      const notUnderscore = await make('axb');
      const percent = await make('100%off');
      const notPercent = await make('100xoff');
      const backslash = await make('back\\slash');

      const ids = async (search: string) =>
        (await api.list({ search }).expect(200)).body.items.map((u: { id: number }) => u.id);
      expect(await ids(`a_b.${tag}`)).toEqual([underscore]);
      expect(await ids(`100%off.${tag}`)).toEqual([percent]);
      expect(await ids(`back\\slash.${tag}`)).toEqual([backslash]);
      expect(await ids(tag)).toEqual([underscore, notUnderscore, percent, notPercent, backslash]);
      expect(await ids(`%off.${tag}`)).toEqual([percent]);
      expect(await ids(`_b.${tag}`)).toEqual([underscore]);
    });

    it('filters by auth source', async () => {
      const { tag, ids } = await tagged(4, ['github', 'google']);
      const google = await api.list({ search: tag, auth_source: 'google' }).expect(200);
      expect(google.body.items.map((u: { id: number }) => u.id)).toEqual([ids[1], ids[3]]);
      expect(google.body.total).toBe(2);
      expect(google.body.items.every((u: { auth_source: string }) => u.auth_source === 'google')).toBe(true);
      const wechat = await api.list({ search: tag, auth_source: 'wechat' }).expect(200);
      expect(wechat.body).toMatchObject({ items: [], total: 0 });
    });

    it('leaves deleted users out', async () => {
      const { tag, ids } = await tagged(3);
      await api.remove(ids[1]).expect(200);
      const res = await api.list({ search: tag }).expect(200);
      expect(res.body.items.map((u: { id: number }) => u.id)).toEqual([ids[0], ids[2]]);
      expect(res.body.total).toBe(2);
    });

    it.each([
      ['page', '0'],
      ['page', '-1'],
      ['page', '1.5'],
      ['page', 'abc'],
      ['page_size', '0'],
      ['page_size', '101'],
      ['page_size', 'abc'],
      ['auth_source', 'twitter'],
    ])('refuses %s=%s with 400 naming it', async (name, value) => {
      const res = await api.list({ [name]: value }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual([name]);
    });

    it('accepts the largest page size, 100', async () => {
      const res = await api.list({ page_size: 100 }).expect(200);
      expect(res.body.page_size).toBe(100);
    });

    it('is refused to a plain user with 403', async () => {
      const user = await signedIn(t, 'user');
      const res = await request(t.http).get(USERS).set(user.auth).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });
  });

  describe('GET /users/:id', () => {
    it('answers 200 with the user', async () => {
      const created = await createThroughApi({ auth_source: 'linuxdo' });
      const res = await api.get(created.id).expect(200);
      const { platform_quotas: _quotas, ...user } = created as typeof created & Record<string, unknown>;
      expect(res.body).toEqual(user);
      expect(res.body).toMatchObject({ id: created.id, auth_source: 'linuxdo', role: 'user', deleted_at: null });
    });

    it('answers 404 USER_NOT_FOUND for an unknown user', async () => {
      const res = await api.get(987654321).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
    });

    it('answers 404 USER_NOT_FOUND for a deleted user', async () => {
      const created = await createThroughApi();
      await api.remove(created.id).expect(200);
      const res = await api.get(created.id).expect(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
    });

    it.each(['abc', '0', '-1', '1.5', '12abc', '99999999999999999999'])(
      'answers 400 naming the id for "%s"',
      async (id) => {
        const res = await api.get(id).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
        expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
      },
    );

    // Number() reads these as other ids; the API reads ids as written.
    it('refuses a non-canonical numeral (hex, sign, fraction, exponent) as an id instead of reading it as another id', async () => {
      const created = await createThroughApi();
      const forms = [`0x${created.id.toString(16)}`, `+${created.id}`, `${created.id}.0`, `${created.id}.`, '1e3'];
      for (const id of forms) {
        const res = await api.get(encodeURIComponent(id));
        expect({ id, status: res.status }).toEqual({ id, status: 400 });
        expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(['id']);
      }
      const res = await api.remove(`0x${created.id.toString(16)}`);
      expect(res.status).toBe(400);
      await api.get(created.id).expect(200);
    });
  });

  describe('DELETE /users/:id', () => {
    it("answers 200 with deleted_at set and soft-deletes the user's active quota rows", async () => {
      const created = await createThroughApi();
      await api.removeQuota(created.id, 'gemini').expect(200);
      const earlier = (await quotaRows(created.id)).find((r) => r.platform === 'gemini')!;
      expect(earlier.deleted_at).toBe(NOW);

      t.clock.set('2026-05-21T08:30:00.000Z');
      const res = await api.remove(created.id).expect(200);
      expect(res.body).toMatchObject({ id: created.id, email: created.email, deleted_at: '2026-05-21T08:30:00.000Z' });
      expect(res.body.platform_quotas).toBeUndefined();

      const rows = await quotaRows(created.id);
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        expect(row.deleted_at).toBe(row.platform === 'gemini' ? NOW : '2026-05-21T08:30:00.000Z');
      }
      const [user] = await t.dataSource.query('SELECT deleted_at FROM users WHERE id = $1', [created.id]);
      expect(new Date(user.deleted_at).toISOString()).toBe('2026-05-21T08:30:00.000Z');
    });

    it("does not touch other users' rows", async () => {
      const doomed = await createThroughApi();
      const other = await createThroughApi();
      const before = await quotaRows(other.id);
      await api.remove(doomed.id).expect(200);
      expect(await quotaRows(other.id)).toEqual(before);
    });

    it('makes the user 404 afterwards, and a second delete is 404 too', async () => {
      const created = await createThroughApi();
      await api.remove(created.id).expect(200);
      expect((await api.get(created.id).expect(404)).body.code).toBe('USER_NOT_FOUND');
      const again = await api.remove(created.id).expect(404);
      expect(again.body.code).toBe('USER_NOT_FOUND');
      expect(await audit({ action: 'user.deleted', target: created.id })).toHaveLength(1);
    });

    it('records a user.deleted audit entry with the actor', async () => {
      const created = await createThroughApi({ auth_source: 'wechat' });
      await api.remove(created.id).expect(200);
      const entries = await audit({ action: 'user.deleted', target: created.id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor_user_id: admin.user.id,
        target_user_id: created.id,
        before: { id: created.id, email: created.email, deleted_at: null },
        after: { id: created.id, deleted_at: NOW },
      });
    });

    it('answers 404 for an unknown user and 400 for a malformed id', async () => {
      expect((await api.remove(987654322).expect(404)).body.code).toBe('USER_NOT_FOUND');
      expect((await api.remove('abc').expect(400)).body.details.errors[0].field).toBe('id');
    });

    it('is refused to a plain user with 403 and deletes nothing', async () => {
      const created = await createThroughApi();
      const user = await signedIn(t, 'user');
      await request(t.http).delete(`${USERS}/${created.id}`).set(user.auth).expect(403);
      await api.get(created.id).expect(200);
      expect(Object.keys(await activeRows(created.id))).toHaveLength(4);
    });
  });

  describe('POST /platform-quotas/apply-defaults', () => {
    const D1 = {
      anthropic: { daily: 10, weekly: null, monthly: null },
      openai: { daily: null, weekly: 20, monthly: null },
      gemini: { daily: null, weekly: null, monthly: 30 },
      antigravity: { daily: 1, weekly: null, monthly: null },
    };
    const D2 = {
      ...D1,
      anthropic: { daily: 99, weekly: null, monthly: null },
      openai: { daily: null, weekly: 77, monthly: null },
    };

    /**
     * A user registered under D1, with usage on anthropic (charged through billing) and its
     * openai row removed by an admin; the defaults are D2 afterwards.
     */
    async function userWithHistory() {
      await api.settings({ default_platform_quotas: D1 });
      const created = await createThroughApi();
      const billing = t.app.get(BillingService);
      await billing.charge({
        userId: created.id,
        platform: 'anthropic',
        costUsd: '2.5',
        requestId: `h-${created.id}-1`,
      });
      await billing.charge({ userId: created.id, platform: 'gemini', costUsd: '1', requestId: `h-${created.id}-2` });
      await api.removeQuota(created.id, 'openai').expect(200);
      await api.settings({ default_platform_quotas: D2 });
      t.clock.set('2026-05-20T12:00:00.000Z');
      return { id: created.id, before: await activeRows(created.id) };
    }

    it('fill_missing creates rows only for platforms without an active row and leaves the others alone', async () => {
      const { id, before } = await userWithHistory();
      expect(Object.keys(before).sort()).toEqual(['anthropic', 'antigravity', 'gemini']);

      const res = await api.apply({ user_ids: [id], mode: 'fill_missing' }).expect(200);
      expect(res.body).toEqual({ users: 1, rows_changed: 1, rows_created: 1, rows_updated: 0 });

      const after = await activeRows(id);
      expect(after.anthropic).toEqual(before.anthropic);
      expect(after.gemini).toEqual(before.gemini);
      expect(after.antigravity).toEqual(before.antigravity);
      expect(after.anthropic.limits.daily).toBe('10');
      expect(after.anthropic.usage).toEqual({ daily: '2.5', weekly: '2.5', monthly: '2.5' });
      expect(after.openai.limits).toEqual({ daily: null, weekly: '77', monthly: null });
      expect(after.openai.usage).toEqual({ daily: '0', weekly: '0', monthly: '0' });
      // The removed row stays removed; the new one is a new row.
      const openai = (await quotaRows(id)).filter((r) => r.platform === 'openai');
      expect(openai).toHaveLength(2);
      expect(openai[0].deleted_at).toBe(NOW);
    });

    it('overwrite also replaces differing limits of existing rows, keeping usage and window starts', async () => {
      const { id, before } = await userWithHistory();
      expect(before.anthropic.starts.daily).not.toBeNull();

      const res = await api.apply({ user_ids: [id], mode: 'overwrite' }).expect(200);
      expect(res.body).toEqual({ users: 1, rows_changed: 2, rows_created: 1, rows_updated: 1 });

      const after = await activeRows(id);
      expect(after.anthropic).toEqual({ ...before.anthropic, limits: { daily: '99', weekly: null, monthly: null } });
      expect(after.anthropic.id).toBe(before.anthropic.id);
      expect(after.anthropic.usage).toEqual({ daily: '2.5', weekly: '2.5', monthly: '2.5' });
      expect(after.anthropic.starts).toEqual(before.anthropic.starts);
      expect(after.gemini).toEqual(before.gemini);
      expect(after.antigravity).toEqual(before.antigravity);
      expect(after.openai.limits).toEqual({ daily: null, weekly: '77', monthly: null });
    });

    it('overwrite replaces limits an admin changed, back to the defaults', async () => {
      await api.settings({ default_platform_quotas: D1 });
      const created = await createThroughApi();
      await request(t.http)
        .patch(`${USERS}/${created.id}/platform-quotas/gemini`)
        .set(admin.auth)
        .send({ daily_limit_usd: '5', monthly_limit_usd: null })
        .expect(200);
      await api.apply({ user_ids: [created.id], mode: 'fill_missing' }).expect(200);
      expect((await activeLimits(created.id)).gemini).toEqual({ daily: '5', weekly: null, monthly: null });

      const res = await api.apply({ user_ids: [created.id], mode: 'overwrite' }).expect(200);
      expect(res.body).toEqual({ users: 1, rows_changed: 1, rows_created: 0, rows_updated: 1 });
      expect((await activeLimits(created.id)).gemini).toEqual({ daily: null, weekly: null, monthly: '30' });
    });

    it('a run with nothing to change reports zero changes and writes no audit entry', async () => {
      await api.settings({ default_platform_quotas: D1 });
      const created = await createThroughApi();
      const rows = await quotaRows(created.id);
      const auditBefore = await auditCount();
      for (const mode of ['fill_missing', 'overwrite']) {
        const res = await api.apply({ user_ids: [created.id], mode }).expect(200);
        expect(res.body).toEqual({ users: 1, rows_changed: 0, rows_created: 0, rows_updated: 0 });
      }
      expect(await quotaRows(created.id)).toEqual(rows);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('counts exactly across several users and audits each user whose rows changed', async () => {
      await api.settings({ default_platform_quotas: D1 });
      const noRows = await createUser(t.dataSource); // created outside registration: no rows at all
      const oneMissing = await createThroughApi();
      await api.removeQuota(oneMissing.id, 'antigravity').expect(200);
      const untouched = await createThroughApi();
      await api.settings({ default_platform_quotas: { ...D1, gemini: { daily: null, weekly: null, monthly: 31 } } });
      const auditBefore = await auditCount();

      const ids = [noRows.id, oneMissing.id, untouched.id];
      const fill = await api.apply({ user_ids: ids, mode: 'fill_missing' }).expect(200);
      expect(fill.body).toEqual({ users: 3, rows_changed: 5, rows_created: 5, rows_updated: 0 });
      expect(await auditCount()).toBe(auditBefore + 2);
      expect(await audit({ action: 'user.platform_quotas.defaults_applied', target: untouched.id })).toEqual([]);
      expect(Object.keys(await activeRows(noRows.id))).toHaveLength(4);
      expect((await activeLimits(noRows.id)).gemini.monthly).toBe('31');

      // gemini differs (30 vs 31) for the two users registered under D1.
      const overwrite = await api.apply({ user_ids: ids, mode: 'overwrite' }).expect(200);
      expect(overwrite.body).toEqual({ users: 3, rows_changed: 2, rows_created: 0, rows_updated: 2 });
      expect(await auditCount()).toBe(auditBefore + 4);
      for (const id of ids) expect((await activeLimits(id)).gemini.monthly).toBe('31');
    });

    it('records a user.platform_quotas.defaults_applied entry with the actor, before and after', async () => {
      const { id } = await userWithHistory();
      await api.apply({ user_ids: [id], mode: 'overwrite' }).expect(200);
      const entries = await audit({ action: 'user.platform_quotas.defaults_applied', target: id });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor_user_id: admin.user.id,
        target_user_id: id,
        before: { anthropic: { daily: '10' }, openai: null },
        after: {
          mode: 'overwrite',
          anthropic: { daily: '99', weekly: null, monthly: null },
          openai: { daily: null, weekly: '77', monthly: null },
        },
      });
    });

    it('gives each user the defaults of its own auth source', async () => {
      await api.settings({
        default_platform_quotas: { anthropic: { daily: 10 } },
        auth_source_default_github_platform_quotas: { anthropic: { daily: 3 }, openai: { monthly: 0 } },
        auth_source_default_github_grant_on_signup: true,
        auth_source_default_google_platform_quotas: { anthropic: { daily: 4 } },
        auth_source_default_google_grant_on_signup: false,
      });
      const email = await createUser(t.dataSource, { authSource: 'email' });
      const github = await createUser(t.dataSource, { authSource: 'github' });
      const google = await createUser(t.dataSource, { authSource: 'google' });

      const res = await api.apply({ user_ids: [email.id, github.id, google.id], mode: 'fill_missing' }).expect(200);
      expect(res.body).toEqual({ users: 3, rows_changed: 12, rows_created: 12, rows_updated: 0 });
      expect(await activeLimits(email.id)).toEqual({
        anthropic: { daily: '10', weekly: null, monthly: null },
        openai: UNSET,
        gemini: UNSET,
        antigravity: UNSET,
      });
      expect(await activeLimits(github.id)).toEqual({
        anthropic: { daily: '3', weekly: null, monthly: null },
        openai: { daily: null, weekly: null, monthly: '0' },
        gemini: UNSET,
        antigravity: UNSET,
      });
      expect((await activeLimits(google.id)).anthropic.daily).toBe('10');
    });

    it('an unknown user id refuses the whole request with 404 and writes nothing', async () => {
      await api.settings({ default_platform_quotas: D1 });
      const known = await createUser(t.dataSource);
      const auditBefore = await auditCount();
      const res = await api.apply({ user_ids: [known.id, 987654323], mode: 'fill_missing' }).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'USER_NOT_FOUND' });
      expect(res.body.details).toEqual({ user_ids: [987654323] });
      expect(await quotaRows(known.id)).toEqual([]);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('a deleted user id is refused like an unknown one', async () => {
      const known = await createUser(t.dataSource);
      const gone = await createThroughApi();
      await api.remove(gone.id).expect(200);
      const rows = await quotaRows(gone.id);
      const res = await api.apply({ user_ids: [known.id, gone.id], mode: 'overwrite' }).expect(404);
      expect(res.body.code).toBe('USER_NOT_FOUND');
      expect(await quotaRows(gone.id)).toEqual(rows);
      expect(await quotaRows(known.id)).toEqual([]);
    });

    it('a user named twice is counted once', async () => {
      const user = await createUser(t.dataSource);
      const res = await api.apply({ user_ids: [user.id, user.id], mode: 'fill_missing' }).expect(200);
      expect(res.body).toEqual({ users: 1, rows_changed: 4, rows_created: 4, rows_updated: 0 });
    });

    it('all: true applies to every live user and skips deleted ones', async () => {
      await api.settings({ default_platform_quotas: D1 });
      // Bring every live user to D1 first, whatever earlier tests left.
      await api.apply({ all: true, mode: 'overwrite' }).expect(200);

      const gone = await createThroughApi();
      await api.remove(gone.id).expect(200);
      const goneRows = await quotaRows(gone.id);
      const missing = await createThroughApi();
      await api.removeQuota(missing.id, 'openai').expect(200);
      await api.settings({ default_platform_quotas: D2 });
      const [{ live }] = await t.dataSource.query('SELECT count(*)::int AS live FROM users WHERE deleted_at IS NULL');
      const auditBefore = await auditCount();

      const fill = await api.apply({ all: true, mode: 'fill_missing' }).expect(200);
      expect(fill.body).toEqual({ users: live, rows_changed: 1, rows_created: 1, rows_updated: 0 });

      // D2 differs from D1 on anthropic and openai: each live user has both rows to update
      // (the one just filled already has D2's openai).
      const overwrite = await api.apply({ all: true, mode: 'overwrite' }).expect(200);
      expect(overwrite.body).toEqual({
        users: live,
        rows_changed: 2 * live - 1,
        rows_created: 0,
        rows_updated: 2 * live - 1,
      });
      expect(await auditCount()).toBe(auditBefore + 1 + live);
      expect(await quotaRows(gone.id)).toEqual(goneRows);
      expect(await activeLimits(missing.id)).toEqual({
        anthropic: { daily: '99', weekly: null, monthly: null },
        openai: { daily: null, weekly: '77', monthly: null },
        gemini: { daily: null, weekly: null, monthly: '30' },
        antigravity: { daily: '1', weekly: null, monthly: null },
      });
    });

    it.each([
      ['neither user_ids nor all', { mode: 'fill_missing' }],
      ['both user_ids and all', { user_ids: [1], all: true, mode: 'fill_missing' }],
      ['all: false', { all: false, mode: 'fill_missing' }],
      ['an empty user_ids', { user_ids: [], mode: 'fill_missing' }],
      ['user_ids of strings', { user_ids: ['1'], mode: 'fill_missing' }],
      ['a fractional user id', { user_ids: [1.5], mode: 'fill_missing' }],
      ['a zero user id', { user_ids: [0], mode: 'fill_missing' }],
      ['no mode', { user_ids: [1] }],
      ['an unknown mode', { user_ids: [1], mode: 'replace' }],
      ['an unknown field', { user_ids: [1], mode: 'fill_missing', dry_run: true }],
    ])('refuses %s with 400 and writes nothing', async (_name, body) => {
      const auditBefore = await auditCount();
      const res = await api.apply(body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(res.body.details.errors.length).toBeGreaterThan(0);
      expect(await auditCount()).toBe(auditBefore);
    });

    it('refuses user_ids: null (neither users nor all named) with 400', async () => {
      const res = await api.apply({ user_ids: null, mode: 'fill_missing' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    });

    it('is refused to a plain user with 403', async () => {
      const user = await signedIn(t, 'user');
      const res = await request(t.http)
        .post(APPLY)
        .set(user.auth)
        .send({ user_ids: [user.user.id], mode: 'fill_missing' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await quotaRows(user.user.id)).toEqual([]);
    });
  });
});
