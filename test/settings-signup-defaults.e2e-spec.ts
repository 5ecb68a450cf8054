/** What a new user starts with: the quota rows the defaults (system and auth-source) give it at registration. */
import request from 'supertest';

import { formatMoney, moneyFromDb } from '../src/common/money.js';
import { type Limits, PLATFORMS, UNSET } from './support/admin-api.js';
import { type Source, useSettingsApi } from './support/settings-api.js';
import { useTestApp } from './support/test-app.js';

/** The body of POST /api/v1/admin/users, as far as these tests read it. */
interface CreatedUser {
  id: number;
  platform_quotas: ({ platform: string } & Record<string, string | null>)[];
}

describe('admin settings: platform quota defaults', () => {
  const t = useTestApp();
  const { admin, put } = useSettingsApi(t);

  let sequence = 0;

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
