/**
 * What the settings tests share: the defaults endpoint, the auth sources it has documents for, the
 * calls an admin makes, and what they leave behind (settings rows, audit entries), as stored.
 */
import request from 'supertest';

import { auditLog, clearSettings, useAdmin } from './admin-api.js';
import type { TestApp } from './test-app.js';

export const PATH = '/api/v1/admin/settings/platform-quotas';
export const SOURCES = ['email', 'linuxdo', 'oidc', 'wechat', 'github', 'google', 'dingtalk'] as const;

export type Source = (typeof SOURCES)[number];

/**
 * The calls and reads of the settings tests against `t`'s app, as an admin signed in before the
 * first test. Settings are global: each test starts from a fresh install's (empty) configuration.
 */
export function useSettingsApi(t: TestApp) {
  const admin = useAdmin(t);
  beforeEach(() => clearSettings(t));

  const get = () => request(t.http).get(PATH).set(admin.auth);
  const put = (body: unknown) =>
    request(t.http)
      .put(PATH)
      .set(admin.auth)
      .send(body as object);

  async function settingsRows(): Promise<{ key: string; value: unknown; updated_at: Date }[]> {
    return t.dataSource.query('SELECT key, value, updated_at FROM settings ORDER BY key');
  }

  const auditEntries = () => auditLog(t.dataSource);

  return { admin, get, put, settingsRows, auditEntries };
}
