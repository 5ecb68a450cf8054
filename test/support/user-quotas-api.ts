/**
 * What the user-quotas tests share: the instants around NOW, the admin API for a user's quota rows
 * as an admin calls it, the views it answers, and the rows and audit entries it leaves behind.
 */
import request from 'supertest';

import type { Platform } from '../../src/common/domain.constants.js';
import { useAdmin } from './admin-api.js';
import { createUser, setQuota } from './fixtures.js';
import type { TestApp } from './test-app.js';
import { DAY, NOW, THIS_WEEK, TODAY } from './time.js';

export const YESTERDAY = '2026-05-19T00:00:00.000Z';
export const TOMORROW = '2026-05-21T00:00:00.000Z';
export const LAST_WEEK = '2026-05-11T00:00:00.000Z';
export const NEXT_MONDAY = '2026-05-25T00:00:00.000Z';
export const MONTH = 30 * DAY;

export const plus = (instant: string, ms: number) => new Date(new Date(instant).getTime() + ms).toISOString();

export type Json = Record<string, unknown>;
export type Auth = { Authorization: string };

export interface AuditItem {
  id: number;
  actor_user_id: number | null;
  action: string;
  target_user_id: number | null;
  before: Json | null;
  after: Json | null;
}

export const base = (id: number | string) => `/api/v1/admin/users/${id}/platform-quotas`;

/** The admin view of a row with no limits and no window opened, at NOW, with `fields` on top. */
export function adminView(platform: Platform, fields: Json = {}): Json {
  return {
    platform,
    held_usd: '0',
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

export function expectFieldErrors(res: request.Response, fields: string[]): void {
  expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  expect(res.body.statusCode).toBe(400);
  expect(res.body.details.errors.map((e: { field: string }) => e.field)).toEqual(fields);
}

/**
 * The calls and reads of the user-quotas tests against `t`'s app, as an admin (unless told otherwise)
 * signed in before the first test; each test starts with the clock at NOW.
 */
export function useUserQuotasApi(t: TestApp) {
  const admin = useAdmin(t);
  beforeEach(() => t.clock.set(NOW));

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

  return { admin, api, storedRows, everything, activeRows, auditOf, userWithUsage };
}
