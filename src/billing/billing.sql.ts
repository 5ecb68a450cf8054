/**
 * The hand-written SQL of the hot path, in one place: the charge batch (in its two forms) and the
 * check's read. Window boundaries are computed in TypeScript (quota/windows.ts) and arrive as
 * parameters; the SQL only compares them. The rendered statements are kept beside this file in
 * sql/*.sql, and a test fails when they differ from what this file renders (`npm run sql:snapshots`
 * writes them again), so a change to a statement shows up in review as SQL.
 */
import { WINDOWS, type QuotaWindow } from '../common/domain.constants.js';
import { STORED_QUOTA_COLUMNS } from '../quota/quota-state.js';

/** Positional parameters by name: `ref.x` is the `$n` to write in SQL, `values` the array to send. */
export interface Parameters<N extends string> {
  ref: Record<N, string>;
  values(given: Record<N, unknown>): unknown[];
}

function parameters<const N extends string>(names: readonly N[]): Parameters<N> {
  const ref = Object.fromEntries(names.map((name, i) => [name, `$${i + 1}`])) as Record<N, string>;
  return { ref, values: (given) => names.map((name) => given[name]) };
}

/**
 * The charge batch's parameters. Per charge, in batch order within its row: `requestIds`, `slots`
 * (its row's position among the rows, from 1), `costs`, `runningTotals` (its row's charges up to and
 * including it). Per row, in lock order: `userIds`, `platforms`, `rowTotals`. Then the bounds of each
 * window (a stored start before the cutoff is expired; a new window starts at the start) and `now`.
 */
export const CHARGE_BATCH_PARAMS = parameters([
  'requestIds',
  'slots',
  'costs',
  'runningTotals',
  'userIds',
  'platforms',
  'rowTotals',
  'dailyCutoff',
  'dailyStart',
  'weeklyCutoff',
  'weeklyStart',
  'monthlyCutoff',
  'monthlyStart',
  'now',
]);

/** The check read's parameters: the (user, platform) pairs, as two arrays of the same length. */
export const CHECK_READ_PARAMS = parameters(['userIds', 'platforms']);

const $ = CHARGE_BATCH_PARAMS.ref;

/** Where the parameters of one window's bounds are. */
export interface WindowParams {
  cutoff: string;
  start: string;
}

const WINDOW_PARAMS: Record<QuotaWindow, WindowParams> = {
  daily: { cutoff: $.dailyCutoff, start: $.dailyStart },
  weekly: { cutoff: $.weeklyCutoff, start: $.weeklyStart },
  monthly: { cutoff: $.monthlyCutoff, start: $.monthlyStart },
};

/**
 * The rollover rule, for the SET list of a statement on `user_platform_quotas AS q`: a window that
 * is expired (or was never opened) restarts at the added amount with the new start; an open window
 * accumulates and keeps its start. `added(w)` is the SQL of the amount added to window `w`;
 * `params` says where each window's bounds are (the batch statement's, unless told otherwise).
 */
export function rolloverAssignments(
  added: (w: QuotaWindow) => string,
  params: Record<QuotaWindow, WindowParams> = WINDOW_PARAMS,
): string {
  return WINDOWS.map((w) => {
    const { cutoff, start } = params[w];
    const expired = `(q.${w}_window_start IS NULL OR q.${w}_window_start < ${cutoff})`;
    return [
      `${w}_usage_usd = CASE WHEN ${expired} THEN ${added(w)} ELSE q.${w}_usage_usd + ${added(w)} END`,
      `${w}_window_start = CASE WHEN ${expired} THEN ${start} ELSE q.${w}_window_start END`,
    ].join(',\n      ');
  }).join(',\n      ');
}

/** The columns of `user_platform_quotas` a caller reads: limits, usages and window starts. */
const figures = (alias: string) => STORED_QUOTA_COLUMNS.map((column) => `${alias}.${column}`).join(', ');

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
  ...WINDOWS.map((w) => `NULLIF(${w}_window_start, ${WINDOW_PARAMS[w].start}) AS ${w}_window_start`),
  `NULLIF(exhausted_windows, '{}') AS exhausted_windows`,
].join(', ');

/**
 * Joins `u.id`, set when the user `id` exists and is not deleted. A lateral subquery with LIMIT 1
 * stays a per-row index probe whatever the table statistics say (a plain join or EXISTS may be
 * planned as a scan of every user when statistics are missing, as in a young database).
 */
const LIVE_USER = (id: string) =>
  `LEFT JOIN LATERAL (SELECT id FROM users WHERE id = ${id} AND deleted_at IS NULL LIMIT 1) u ON true`;

/** How a charge batch treats request ids that may be in the ledger already. */
interface RequestIdLookup {
  /** A CTE put before the others. */
  recorded: string;
  /** A condition added to the rows the batch writes. */
  writeOnlyIf: string;
  /** Rows returned after the fresh charges. */
  alsoReturn: string;
}

/** Takes every request id to be new: a repeated one fails the ledger insert (unique violation). */
const TAKE_AS_NEW: RequestIdLookup = { recorded: '', writeOnlyIf: '', alsoReturn: '' };

/** Looks the request ids up first; when any is recorded, writes nothing and returns those, whole. */
const LOOK_UP_FIRST: RequestIdLookup = {
  recorded: `recorded AS (
  SELECT * FROM quota_charges WHERE request_id = ANY(${$.requestIds}::text[])
),
`,
  writeOnlyIf: ' AND NOT EXISTS (SELECT 1 FROM recorded)',
  alsoReturn: `
UNION ALL
SELECT true, request_id, user_id, platform, cost_usd, charged_at, ${CHARGE_RESULT} FROM recorded`,
};

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
 * Each result row says whether it is a `duplicate` (a recorded charge, returned by LOOK_UP_FIRST).
 */
const chargeBatch = (lookup: RequestIdLookup) => `
WITH ${lookup.recorded}deltas AS (
  SELECT d.*, row.id AS quota_id
  FROM unnest(${$.userIds}::bigint[], ${$.platforms}::text[], ${$.rowTotals}::numeric[]) WITH ORDINALITY AS d(user_id, platform, total, slot)
  ${LIVE_USER('d.user_id')}
  LEFT JOIN LATERAL (
    SELECT id FROM user_platform_quotas q
    WHERE q.user_id = d.user_id AND q.platform = d.platform AND q.deleted_at IS NULL
    LIMIT 1 FOR NO KEY UPDATE
  ) row ON true
  WHERE u.id IS NOT NULL${lookup.writeOnlyIf}
),
updated AS (
  UPDATE user_platform_quotas AS q SET
      ${rolloverAssignments(() => 'd.total')},
      updated_at = ${$.now}
  FROM deltas d
  WHERE q.id = d.quota_id
  RETURNING d.slot, d.total, q.user_id, q.platform, ${figures('q')}
),
inserted AS (
  INSERT INTO user_platform_quotas AS q
    (user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start)
  SELECT d.user_id, d.platform, d.total, d.total, d.total, ${$.dailyStart}, ${$.weeklyStart}, ${$.monthlyStart} FROM deltas d
  WHERE d.slot NOT IN (SELECT slot FROM updated)
  ORDER BY d.slot
  ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
      ${rolloverAssignments((w) => `EXCLUDED.${w}_usage_usd`)},
      updated_at = ${$.now}
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
  SELECT c.request_id, k.user_id, k.platform, c.cost, ${$.now},
    after.daily, after.weekly, after.monthly,
    k.daily_window_start, k.weekly_window_start, k.monthly_window_start,
    array_remove(ARRAY[
      CASE WHEN after.daily >= k.daily_limit_usd THEN 'daily' END,
      CASE WHEN after.weekly >= k.weekly_limit_usd THEN 'weekly' END,
      CASE WHEN after.monthly >= k.monthly_limit_usd THEN 'monthly' END
    ], NULL)
  FROM unnest(${$.requestIds}::text[], ${$.slots}::int[], ${$.costs}::numeric[], ${$.runningTotals}::numeric[]) AS c(request_id, slot, cost, running)
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
FROM charged${lookup.alsoReturn}`;

/** A batch of charges whose request ids are taken to be new; see `chargeBatch`. */
export const CHARGE_BATCH_SQL = chargeBatch(TAKE_AS_NEW);

/** A batch of charges that first looks its request ids up in the ledger; see `chargeBatch`. */
export const CHARGE_BATCH_LOOKED_UP_SQL = chargeBatch(LOOK_UP_FIRST);

const k = CHECK_READ_PARAMS.ref;

/**
 * The stored quota of several (user, platform) pairs at once, with whether each user exists and
 * is not deleted. One row per pair, whether or not it has a quota row; both lookups are index
 * probes per pair (there is at most one active row, so LIMIT 1 changes nothing but the plan).
 */
export const CHECK_READ_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, ${figures('q')}
FROM unnest(${k.userIds}::bigint[], ${k.platforms}::text[]) AS k(user_id, platform)
${LIVE_USER('k.user_id')}
LEFT JOIN LATERAL (
  SELECT * FROM user_platform_quotas q
  WHERE q.user_id = k.user_id AND q.platform = k.platform AND q.deleted_at IS NULL
  LIMIT 1
) q ON true`;

/** Every rendered statement under the name of its snapshot file in sql/. */
export const RENDERED_SQL: Record<string, string> = {
  'charge-batch.sql': CHARGE_BATCH_SQL,
  'charge-batch-looked-up.sql': CHARGE_BATCH_LOOKED_UP_SQL,
  'check-read.sql': CHECK_READ_SQL,
};

/** A statement as its snapshot file holds it: without the leading newline, ending in one. */
export function snapshotText(sql: string): string {
  return `${sql.trim()}\n`;
}
