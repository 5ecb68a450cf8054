/**
 * Reading and writing the defaults (`GET|PUT /api/v1/admin/settings/platform-quotas`): the documents
 * under the reference's key names, whole-replace writes, and the audit entry of each write.
 */
import request from 'supertest';

import { type Limits, PLATFORMS, UNSET } from './support/admin-api.js';
import { signedIn } from './support/auth.js';
import { PATH, type Source, SOURCES, useSettingsApi } from './support/settings-api.js';
import { useTestApp } from './support/test-app.js';

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
  const t = useTestApp();
  const { admin, get, put, settingsRows, auditEntries } = useSettingsApi(t);

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

    it('refuses a request without a body with 400 naming it, and writes nothing', async () => {
      const before = await settingsRows();
      const res = await request(t.http).put(PATH).set(admin.auth).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'body: body must be an object',
        details: { errors: [{ field: 'body', message: 'body must be an object' }] },
      });
      expect(await settingsRows()).toEqual(before);
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
});
