/**
 * Creating users as an admin (POST /api/v1/admin/users): the user and the quota rows the defaults
 * give it, refusals, concurrent registrations of one email, and registration being all-or-nothing.
 */
import request from 'supertest';

import { AccountsService } from '../src/accounts/accounts.service.js';
import { PLATFORMS, UNSET } from './support/admin-api.js';
import { signedIn } from './support/auth.js';
import { useTestApp } from './support/test-app.js';
import { ISO, nextSequence, uniqueEmail, USERS, useUsersApi } from './support/users-api.js';

describe('admin users', () => {
  const t = useTestApp();
  const { admin, api, createThroughApi, activeRows, activeLimits, audit, auditCount } = useUsersApi(t);

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
      const tag = `${nextSequence()}-${Date.now()}`;
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

  describe('POST /users, concurrently', () => {
    it('of several registrations with the same email (in any case), exactly one succeeds, the others get 409', async () => {
      const tag = `race-${nextSequence()}-${Date.now()}`;
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
});
