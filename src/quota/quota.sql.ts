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
  daily: { cutoff: '$8', start: '$9' },
  weekly: { cutoff: '$10', start: '$11' },
  monthly: { cutoff: '$12', start: '$13' },
};

/** The columns of `user_platform_quotas` a caller reads: limits, usages and window starts. */
const FIGURES = WINDOWS.flatMap((w) => [`${w}_limit_usd`, `${w}_usage_usd`, `${w}_window_start`]);
const figures = (alias: string) => FIGURES.map((column) => `${alias}.${column}`).join(', ');

/** What a charge leaves behind, as stored in its ledger row and returned for it. */
const CHARGE_RESULT = [
  ...WINDOWS.map((w) => `${w}_usage_usd`),
  ...WINDOWS.map((w) => `${w}_window_start`),
  'exhausted_windows',
].join(', ');

/**
 * What a fresh charge returns: its result, but NULL for what almost every charge would return
 * (a window start that is the current one, which the caller has; no exhausted window), so the
 * caller has less to parse.
 */
const FRESH_RESULT = [
  ...WINDOWS.map((w) => `${w}_usage_usd`),
  ...WINDOWS.map((w) => `NULLIF(${w}_window_start, ${BATCH_WINDOW_PARAMS[w].start}) AS ${w}_window_start`),
  `NULLIF(exhausted_windows, '{}') AS exhausted_windows`,
].join(', ');

/**
 * Joins `u.id`, set when the user `id` exists and is not deleted. A lateral subquery with LIMIT 1
 * stays a per-row index probe whatever the table statistics say (a plain join or EXISTS may be
 * planned as a scan of every user when statistics are missing, as in a young database).
 */
const LIVE_USER = (id: string) =>
  `LEFT JOIN LATERAL (SELECT id FROM users WHERE id = ${id} AND deleted_at IS NULL LIMIT 1) u ON true`;

/**
 * One group-commit batch as one statement (atomic on its own, one round trip). The caller has
 * already grouped the charges by (user, platform) row: it sends each row once, in lock order,
 * with the sum of its charges, and each charge with the running total of its row's charges up to
 * and including itself; so the statement needs no sorting or grouping.
 * 1. `deltas`: the rows of live users (a row of an unknown or deleted user is left out), each
 *    with its active counter row, locked here one by one in the order given: the update below may
 *    be planned as a scan in any order (a hash join on a small table), and rows locked in
 *    different orders by concurrent batches could deadlock (they are retried if they ever do).
 * 2. `updated`, `inserted`: the counters, rolled over and increased, one write per row. Existing
 *    rows are updated; missing ones are created with null limits, and a row another writer
 *    created meanwhile is updated instead.
 * 3. `charged`: the ledger rows, each with the usage right after it: the row's usage after the
 *    batch, less the row's total, plus the charge's running total. A charge whose row was left
 *    out (an unknown or deleted user) is absent from the result. A fresh charge comes back with
 *    only its result, since the caller has the rest (see FRESH_RESULT).
 *
 * Most request ids are new, so this statement does not look them up: a repeated one makes the
 * ledger insert fail with a unique violation, which undoes the whole statement. The caller then
 * runs `CHARGE_BATCH_CHECKED_SQL`, which first looks the ids up in the ledger (`recorded`); when
 * it finds any, it writes nothing and returns just those, whole, to be compared with the charges
 * that repeat their ids. The caller answers them and sends the others again (their rows' sums
 * were computed with them). A charge absent from this statement's result may be a repeat too (of
 * a charge whose user is gone since): the caller sends those again through the checked statement.
 *
 * Per charge: $1 request_id text[], $2 slot int[] (its row's position in $5..$7, from 1),
 * $3 cost numeric[], $4 running numeric[]. Per row: $5 user_id bigint[], $6 platform text[],
 * $7 total numeric[]. $8..$13 the window bounds (cutoff, start) of daily, weekly, monthly; $14 now.
 */
const chargeBatchSql = (checked: boolean) => `
WITH ${
  checked
    ? `recorded AS (
  SELECT * FROM quota_charges WHERE request_id = ANY($1::text[])
),
`
    : ''
}deltas AS (
  SELECT d.*, row.id AS quota_id
  FROM unnest($5::bigint[], $6::text[], $7::numeric[]) WITH ORDINALITY AS d(user_id, platform, total, slot)
  ${LIVE_USER('d.user_id')}
  LEFT JOIN LATERAL (
    SELECT id FROM user_platform_quotas q
    WHERE q.user_id = d.user_id AND q.platform = d.platform AND q.deleted_at IS NULL
    LIMIT 1 FOR NO KEY UPDATE
  ) row ON true
  WHERE u.id IS NOT NULL${checked ? ' AND NOT EXISTS (SELECT 1 FROM recorded)' : ''}
),
updated AS (
  UPDATE user_platform_quotas AS q SET
      ${rolloverAssignments(BATCH_WINDOW_PARAMS, () => 'd.total')},
      updated_at = $14
  FROM deltas d
  WHERE q.id = d.quota_id
  RETURNING d.slot, d.total, q.user_id, q.platform, ${figures('q')}
),
inserted AS (
  INSERT INTO user_platform_quotas AS q
    (user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start)
  SELECT d.user_id, d.platform, d.total, d.total, d.total, $9, $11, $13 FROM deltas d
  WHERE d.slot NOT IN (SELECT slot FROM updated)
  ORDER BY d.slot
  ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
      ${rolloverAssignments(BATCH_WINDOW_PARAMS, (w) => `EXCLUDED.${w}_usage_usd`)},
      updated_at = $14
  RETURNING q.user_id, q.platform, ${figures('q')}
),
counters AS (
  SELECT * FROM updated
  UNION ALL
  SELECT d.slot, d.total, i.user_id, i.platform, ${figures('i')} FROM inserted i JOIN deltas d USING (user_id, platform)
),
charged AS (
  INSERT INTO quota_charges
    (request_id, user_id, platform, cost_usd, charged_at, ${CHARGE_RESULT})
  SELECT c.request_id, k.user_id, k.platform, c.cost, $14,
    after.daily, after.weekly, after.monthly,
    k.daily_window_start, k.weekly_window_start, k.monthly_window_start,
    array_remove(ARRAY[
      CASE WHEN after.daily >= k.daily_limit_usd THEN 'daily' END,
      CASE WHEN after.weekly >= k.weekly_limit_usd THEN 'weekly' END,
      CASE WHEN after.monthly >= k.monthly_limit_usd THEN 'monthly' END
    ], NULL)
  FROM unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[]) AS c(request_id, slot, cost, running)
  JOIN counters k ON k.slot = c.slot
  CROSS JOIN LATERAL (
    SELECT k.daily_usage_usd - k.total + c.running AS daily,
           k.weekly_usage_usd - k.total + c.running AS weekly,
           k.monthly_usage_usd - k.total + c.running AS monthly
  ) after
  RETURNING request_id, ${CHARGE_RESULT}
)
SELECT false AS duplicate, request_id,
  NULL::bigint AS user_id, NULL AS platform, NULL::numeric AS cost_usd, NULL::timestamptz AS charged_at,
  ${FRESH_RESULT}
FROM charged${
  checked
    ? `
UNION ALL
SELECT true, request_id, user_id, platform, cost_usd, charged_at, ${CHARGE_RESULT} FROM recorded`
    : ''
}`;

/** A batch of charges whose request ids are taken to be new; see `chargeBatchSql`. */
export const CHARGE_BATCH_SQL = chargeBatchSql(false);

/** A batch of charges that first looks its request ids up in the ledger; see `chargeBatchSql`. */
export const CHARGE_BATCH_CHECKED_SQL = chargeBatchSql(true);

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
