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

/** The columns of `user_platform_quotas` a caller reads: limits, usages and window starts. */
const FIGURES = WINDOWS.flatMap((w) => [`${w}_limit_usd`, `${w}_usage_usd`, `${w}_window_start`]);
const figures = (alias: string) => FIGURES.map((column) => `${alias}.${column}`).join(', ');

/**
 * Joins `u.id`, set when the user `id` exists and is not deleted. A lateral subquery with LIMIT 1
 * stays a per-row index probe whatever the table statistics say (a plain join or EXISTS may be
 * planned as a scan of every user when statistics are missing, as in a young database).
 */
const LIVE_USER = (id: string) =>
  `LEFT JOIN LATERAL (SELECT id FROM users WHERE id = ${id} AND deleted_at IS NULL LIMIT 1) u ON true`;

/**
 * One group-commit batch as one statement (atomic on its own, one round trip):
 * 1. `recorded`: request ids already in the ledger; they are answered from it and not added again;
 * 2. `fresh`: the other charges of live users (a charge for an unknown or deleted user is simply
 *    absent from the result), each with the running total of its row's charges up to itself;
 * 3. `deltas`: one entry per (user, platform): the summed cost, and its charges in order;
 * 4. `updated`, `inserted`: the counters, rolled over and increased, one write per row. Existing
 *    rows are updated; missing ones are created with null limits (a row another writer created
 *    meanwhile is updated instead). Rows are locked in (user_id, platform) order, the order of
 *    `deltas`, so concurrent batches do not deadlock (and are retried if they ever do);
 * 5. `charged`: the ledger rows, each with the usage right after it: the row's usage after the
 *    batch, less the batch's charges on that row that come after this one.
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
  SELECT * FROM quota_charges WHERE request_id = ANY($2::text[])
),
fresh AS (
  SELECT i.*, sum(i.cost) OVER (PARTITION BY i.user_id, i.platform ORDER BY i.ord) AS running
  FROM input i ${LIVE_USER('i.user_id')}
  WHERE u.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM recorded r WHERE r.request_id = i.request_id)
),
deltas AS (
  SELECT user_id, platform, sum(cost) AS total,
    array_agg(request_id ORDER BY ord) AS request_ids,
    array_agg(cost ORDER BY ord) AS costs,
    array_agg(running ORDER BY ord) AS runnings
  FROM fresh GROUP BY user_id, platform ORDER BY user_id, platform
),
updated AS (
  UPDATE user_platform_quotas AS q SET
      ${rolloverAssignments(BATCH_WINDOW_PARAMS, () => 'd.total')},
      updated_at = $12
  FROM deltas d
  WHERE q.user_id = d.user_id AND q.platform = d.platform AND q.deleted_at IS NULL
  RETURNING d.request_ids, d.costs, d.runnings, d.total, q.user_id, q.platform, ${figures('q')}
),
inserted AS (
  INSERT INTO user_platform_quotas AS q
    (user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start)
  SELECT d.user_id, d.platform, d.total, d.total, d.total, $7, $9, $11 FROM deltas d
  WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.user_id = d.user_id AND u.platform = d.platform)
  ORDER BY d.user_id, d.platform
  ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
      ${rolloverAssignments(BATCH_WINDOW_PARAMS, (w) => `EXCLUDED.${w}_usage_usd`)},
      updated_at = $12
  RETURNING q.user_id, q.platform, ${figures('q')}
),
counters AS (
  SELECT * FROM updated
  UNION ALL
  SELECT d.request_ids, d.costs, d.runnings, d.total, i.* FROM inserted i JOIN deltas d USING (user_id, platform)
),
charged AS (
  INSERT INTO quota_charges
    (request_id, user_id, platform, cost_usd, charged_at,
     daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start, exhausted_windows)
  SELECT f.request_id, c.user_id, c.platform, f.cost, $12,
    after.daily, after.weekly, after.monthly,
    c.daily_window_start, c.weekly_window_start, c.monthly_window_start,
    array_remove(ARRAY[
      CASE WHEN after.daily >= c.daily_limit_usd THEN 'daily' END,
      CASE WHEN after.weekly >= c.weekly_limit_usd THEN 'weekly' END,
      CASE WHEN after.monthly >= c.monthly_limit_usd THEN 'monthly' END
    ], NULL)
  FROM counters c
  CROSS JOIN LATERAL unnest(c.request_ids, c.costs, c.runnings) AS f(request_id, cost, running)
  CROSS JOIN LATERAL (
    SELECT c.daily_usage_usd - c.total + f.running AS daily,
           c.weekly_usage_usd - c.total + f.running AS weekly,
           c.monthly_usage_usd - c.total + f.running AS monthly
  ) after
  RETURNING *
)
SELECT false AS duplicate, * FROM charged
UNION ALL
SELECT true AS duplicate, * FROM recorded`;

/**
 * The stored quota of several (user, platform) pairs at once, with whether each user exists and
 * is not deleted. One row per pair, whether or not it has a quota row; both lookups are index
 * probes per pair (there is at most one active row, so LIMIT 1 changes nothing but the plan).
 * $1 user_id bigint[], $2 platform text[].
 */
export const READ_QUOTAS_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, ${figures('q')}
FROM unnest($1::bigint[], $2::text[]) AS k(user_id, platform)
${LIVE_USER('k.user_id')}
LEFT JOIN LATERAL (
  SELECT * FROM user_platform_quotas q
  WHERE q.user_id = k.user_id AND q.platform = k.platform AND q.deleted_at IS NULL
  LIMIT 1
) q ON true`;
