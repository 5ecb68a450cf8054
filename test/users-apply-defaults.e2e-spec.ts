/** Re-applying the current defaults to existing users (POST /api/v1/admin/platform-quotas/apply-defaults). */
import request from 'supertest';

import { BillingService } from '../src/billing/billing.service.js';
import { UNSET } from './support/admin-api.js';
import { signedIn } from './support/auth.js';
import { createUser } from './support/fixtures.js';
import { useTestApp } from './support/test-app.js';
import { NOW } from './support/time.js';
import { APPLY, USERS, useUsersApi } from './support/users-api.js';

describe('admin users', () => {
  const t = useTestApp();
  const { admin, api, createThroughApi, quotaRows, activeRows, activeLimits, audit, auditCount } = useUsersApi(t);

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
