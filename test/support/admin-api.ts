/**
 * What the tests of the admin API share: an admin signed in to the app under test, the platforms
 * and limits as the API spells them, and the audit log as stored.
 */
import type { DataSource } from 'typeorm';

import { signedIn } from './auth.js';
import type { TestApp } from './test-app.js';

export type SignedIn = Awaited<ReturnType<typeof signedIn>>;

/**
 * An admin of `t`'s app, signed in before the first test of the enclosing `describe` (or file).
 * Call it after useTestApp, so that the app exists by then; the object returned is filled in then.
 */
export function useAdmin(t: TestApp): SignedIn {
  const admin = {} as SignedIn;
  beforeAll(async () => {
    Object.assign(admin, await signedIn(t, 'admin'));
  });
  return admin;
}

/** Settings are global: a test that depends on the defaults starts from a fresh install's (none). */
export async function clearSettings(t: TestApp): Promise<void> {
  await t.dataSource.query('DELETE FROM settings');
}

/** The platforms in the order the API lists them. */
export const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'] as const;

export type Limits = { daily: string | null; weekly: string | null; monthly: string | null };

/** The limits of a platform with nothing set. */
export const UNSET = { daily: null, weekly: null, monthly: null };

export interface AuditRow {
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

/** The audit log as stored, oldest first: all of it, or one action's or one target user's entries. */
export async function auditLog(ds: DataSource, where: { action?: string; target?: number } = {}): Promise<AuditRow[]> {
  const rows: RawAuditRow[] = await ds.query(
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
