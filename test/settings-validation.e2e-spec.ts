/** Refused writes of the defaults: each bad document, key, limit or flag named, and nothing written. */
import request from 'supertest';

import { PATH, useSettingsApi } from './support/settings-api.js';
import { useTestApp } from './support/test-app.js';

describe('admin settings: platform quota defaults', () => {
  const t = useTestApp();
  const { admin, get, put, settingsRows, auditEntries } = useSettingsApi(t);

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
});
