/**
 * The hand-written SQL of the hot path, in one place. Window boundaries are computed in
 * TypeScript (windows.ts) and arrive as parameters; the SQL only compares them.
 */
import { WINDOWS, type QuotaWindow } from '../common/domain.constants.js';

/** Parameter references of one window's bounds: a start before `cutoff` is expired; a new window starts at `start`. */
export interface WindowParams {
  cutoff: string;
  start: string;
}

/**
 * The rollover rule, for the SET list of a statement on `user_platform_quotas AS q`: a window that
 * is expired (or was never opened) restarts at the added amount with the new start; an open window
 * accumulates and keeps its start. `added(w)` is the SQL of the amount added to window `w`.
 */
export function rolloverAssignments(
  params: Record<QuotaWindow, WindowParams>,
  added: (w: QuotaWindow) => string,
): string {
  return WINDOWS.map((w) => {
    const expired = `(q.${w}_window_start IS NULL OR q.${w}_window_start < ${params[w].cutoff})`;
    return [
      `${w}_usage_usd = CASE WHEN ${expired} THEN ${added(w)} ELSE q.${w}_usage_usd + ${added(w)} END`,
      `${w}_window_start = CASE WHEN ${expired} THEN ${params[w].start} ELSE q.${w}_window_start END`,
    ].join(',\n      ');
  }).join(',\n      ');
}

const BATCH_WINDOW_PARAMS: Record<QuotaWindow, WindowParams> = {
  daily: { cutoff: '$6', start: '$7' },
  weekly: { cutoff: '$8', start: '$9' },
  monthly: { cutoff: '$10', start: '$11' },
};

/**
 * One group-commit batch as one statement (atomic on its own, one round trip):
 * 1. `recorded`: request ids already in the ledger; they are answered from it and not added again;
 * 2. `fresh`: the other charges of live users (a charge for an unknown or deleted user is simply
 *    absent from the result);
 * 3. `deltas`: their costs summed per (user, platform);
 * 4. `counters`: one upsert per row, in (user_id, platform) order so that concurrent batches lock
 *    rows in the same order and cannot deadlock; a missing row is created with null limits;
 * 5. `charged`: the ledger rows, each with the usage right after it (the row's usage before the
 *    batch plus the running sum of the row's charges up to and including this one).
 * A request id inserted by a concurrent batch since this statement's snapshot makes the ledger
 * insert fail with a unique violation; the caller retries and then finds it in `recorded`.
 *
 * $1 ord int[], $2 request_id text[], $3 user_id bigint[], $4 platform text[], $5 cost numeric[],
 * $6..$11 the window bounds (cutoff, start) of daily, weekly, monthly, $12 now.
 */
export const CHARGE_BATCH_SQL = `
WITH input AS (
  SELECT * FROM unnest($1::int[], $2::text[], $3::bigint[], $4::text[], $5::numeric[])
    AS i(ord, request_id, user_id, platform, cost)
),
recorded AS (
  SELECT c.* FROM quota_charges c JOIN input i ON i.request_id = c.request_id
),
fresh AS (
  SELECT i.* FROM input i
  JOIN users u ON u.id = i.user_id AND u.deleted_at IS NULL
  WHERE NOT EXISTS (SELECT 1 FROM recorded r WHERE r.request_id = i.request_id)
),
deltas AS (
  SELECT user_id, platform, sum(cost) AS cost FROM fresh GROUP BY user_id, platform
),
counters AS (
  INSERT INTO user_platform_quotas AS q
    (user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start)
  SELECT user_id, platform, cost, cost, cost, $7, $9, $11 FROM deltas ORDER BY user_id, platform
  ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
      ${rolloverAssignments(BATCH_WINDOW_PARAMS, (w) => `EXCLUDED.${w}_usage_usd`)},
      updated_at = $12
  RETURNING q.user_id, q.platform,
    q.daily_limit_usd, q.weekly_limit_usd, q.monthly_limit_usd,
    q.daily_usage_usd, q.weekly_usage_usd, q.monthly_usage_usd,
    q.daily_window_start, q.weekly_window_start, q.monthly_window_start
),
charged AS (
  INSERT INTO quota_charges
    (request_id, user_id, platform, cost_usd, charged_at,
     daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start, exhausted_windows)
  SELECT f.request_id, f.user_id, f.platform, f.cost, $12,
    after.daily, after.weekly, after.monthly,
    c.daily_window_start, c.weekly_window_start, c.monthly_window_start,
    array_remove(ARRAY[
      CASE WHEN after.daily >= c.daily_limit_usd THEN 'daily' END,
      CASE WHEN after.weekly >= c.weekly_limit_usd THEN 'weekly' END,
      CASE WHEN after.monthly >= c.monthly_limit_usd THEN 'monthly' END
    ], NULL)
  FROM (
    SELECT fresh.*, sum(cost) OVER (PARTITION BY user_id, platform ORDER BY ord) AS running FROM fresh
  ) f
  JOIN deltas d USING (user_id, platform)
  JOIN counters c USING (user_id, platform)
  CROSS JOIN LATERAL (
    SELECT c.daily_usage_usd - d.cost + f.running AS daily,
           c.weekly_usage_usd - d.cost + f.running AS weekly,
           c.monthly_usage_usd - d.cost + f.running AS monthly
  ) after
  RETURNING *
)
SELECT false AS duplicate, * FROM charged
UNION ALL
SELECT true AS duplicate, * FROM recorded`;

/**
 * The stored quota of several (user, platform) pairs at once, with whether each user exists and
 * is not deleted. One row per pair, whether or not it has a quota row.
 * $1 user_id bigint[], $2 platform text[].
 */
export const READ_QUOTAS_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists,
  q.daily_limit_usd, q.weekly_limit_usd, q.monthly_limit_usd,
  q.daily_usage_usd, q.weekly_usage_usd, q.monthly_usage_usd,
  q.daily_window_start, q.weekly_window_start, q.monthly_window_start
FROM unnest($1::bigint[], $2::text[]) AS k(user_id, platform)
LEFT JOIN users u ON u.id = k.user_id AND u.deleted_at IS NULL
LEFT JOIN user_platform_quotas q
  ON q.user_id = k.user_id AND q.platform = k.platform AND q.deleted_at IS NULL`;
