/**
 * What the admin-users tests share: the endpoints, addresses no other test uses, the calls an admin
 * makes, and the quota rows and audit entries they leave behind, as stored.
 */
import request from 'supertest';

import { formatMoney, moneyFromDb } from '../../src/common/money.js';
import { auditLog, clearSettings, type Limits, useAdmin } from './admin-api.js';
import type { TestApp } from './test-app.js';
import { NOW } from './time.js';

export const USERS = '/api/v1/admin/users';
export const APPLY = '/api/v1/admin/platform-quotas/apply-defaults';
export const SETTINGS = '/api/v1/admin/settings/platform-quotas';
export const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export interface QuotaRow {
  id: number;
  platform: string;
  limits: Limits;
  usage: Limits;
  starts: Record<'daily' | 'weekly' | 'monthly', string | null>;
  deleted_at: string | null;
}

/** A row of user_platform_quotas as node-postgres returns it. */
type RawQuotaRow = Record<'id' | 'platform' | `${'daily' | 'weekly' | 'monthly'}_${'limit' | 'usage'}_usd`, string> &
  Record<`${'daily' | 'weekly' | 'monthly'}_window_start` | 'deleted_at', Date | null>;

let sequence = 0;
/** A number not handed out before in this test file. */
export const nextSequence = () => ++sequence;
/** A new address per call, so tests do not depend on each other. */
export const uniqueEmail = (tag = 'user') => `${tag}-${nextSequence()}-${Date.now()}@example.com`;

/**
 * The calls and reads of the admin-users tests against `t`'s app, as an admin signed in before the
 * first test. Defaults are global: each test starts with none configured, and the clock at NOW.
 */
export function useUsersApi(t: TestApp) {
  const admin = useAdmin(t);
  beforeEach(async () => {
    t.clock.set(NOW);
    await clearSettings(t);
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

  const audit = (where: { action?: string; target?: number } = {}) => auditLog(t.dataSource, where);

  async function auditCount(): Promise<number> {
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM admin_audit_log');
    return n;
  }

  return { admin, api, createThroughApi, quotaRows, activeRows, activeLimits, audit, auditCount };
}
