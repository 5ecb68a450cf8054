/**
 * The hand-written SQL of the hot path, in one place: the charge batch (in its two forms), the
 * check's read, and the statements of holds (reserve, release, sweep). Window boundaries are computed in TypeScript (quota/windows.ts) and arrive as
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

/**
 * The check read's parameters: the (user, platform) pairs, as two arrays of the same length, and
 * `now` (holds that expire at or before it no longer count).
 */
export const CHECK_READ_PARAMS = parameters(['userIds', 'platforms', 'now']);

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
 * planned as a scan of every user when statistics are missing, as in a young database). It looks
 * the user up by id alone, and the join leaves a deleted one out: with `deleted_at IS NULL` in the
 * lookup, the index of live users' emails would serve it too, read whole.
 */
const LIVE_USER = (id: string) =>
  `LEFT JOIN LATERAL (SELECT id, deleted_at FROM users WHERE id = ${id} LIMIT 1) u ON u.deleted_at IS NULL`;

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
SELECT true, request_id, user_id, platform, cost_usd, charged_at, ${CHARGE_RESULT}, false FROM recorded`,
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
 * 4. `settled`: the hold reserved under a charge's request id (same user and platform), if it is
 *    still held or has expired, is settled in the same statement as the usage grows, so no
 *    instant sees the cost both held and charged, or neither. The holds are looked up by the
 *    batch's request ids, so that no plan (even one made while the table was empty) reads every
 *    hold to find them.
 * Each result row says whether it is a `duplicate` (a recorded charge, returned by LOOK_UP_FIRST)
 * and whether it `settled_hold` (always false for a duplicate).
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
  WHERE q.id = d.quota_id AND q.id = ANY(ARRAY(SELECT quota_id FROM deltas))
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
  RETURNING request_id, user_id, platform, ${CHARGE_RESULT}
),
settled AS (
  UPDATE quota_holds h SET state = 'settled', finished_at = ${$.now}
  FROM charged c
  WHERE h.request_id = ANY(${$.requestIds}::text[])
    AND h.request_id = c.request_id AND h.user_id = c.user_id AND h.platform = c.platform
    AND h.state IN ('held', 'expired')
  RETURNING h.request_id
)
SELECT false AS duplicate, request_id,
  NULL::bigint AS user_id, NULL AS platform, NULL::numeric AS cost_usd, NULL::timestamptz AS charged_at,
  ${FRESH_RESULT},
  request_id IN (SELECT request_id FROM settled) AS settled_hold
FROM charged${lookup.alsoReturn}`;

/** A batch of charges whose request ids are taken to be new; see `chargeBatch`. */
export const CHARGE_BATCH_SQL = chargeBatch(TAKE_AS_NEW);

/** A batch of charges that first looks its request ids up in the ledger; see `chargeBatch`. */
export const CHARGE_BATCH_LOOKED_UP_SQL = chargeBatch(LOOK_UP_FIRST);

const k = CHECK_READ_PARAMS.ref;

/**
 * Joins `q`, the active counter row of pair `k` with `columns` (locked when `lock` says so), or
 * nulls when there is none. A per-row index probe, as in LIVE_USER.
 */
const ACTIVE_QUOTA = (columns: string, lock = '') => `LEFT JOIN LATERAL (
  SELECT ${columns} FROM user_platform_quotas q
  WHERE q.user_id = k.user_id AND q.platform = k.platform AND q.deleted_at IS NULL
  LIMIT 1${lock}
) q ON true`;

/**
 * The amount of the holds of pair `k` that still count at `now`: held (not settled, released or
 * marked expired) and expiring after `now`. An index-only scan of the pair in the live holds index;
 * the expiry is a filter of the sum rather than a condition of the scan, so that no plan, even one
 * made while the table was empty, reads the holds through the expiry index instead.
 */
const HELD = (now: string) => `LEFT JOIN LATERAL (
  SELECT COALESCE(sum(h.amount_usd) FILTER (WHERE h.expires_at > ${now}), 0) AS held_usd FROM quota_holds h
  WHERE h.user_id = k.user_id AND h.platform = k.platform AND h.state = 'held'
) h ON true`;

/**
 * The stored quota of several (user, platform) pairs at once, with whether each user exists and
 * is not deleted, and the amount its live holds keep. One row per pair, whether or not it has a
 * quota row; the lookups are index probes per pair (there is at most one active row, so LIMIT 1
 * changes nothing but the plan).
 */
export const CHECK_READ_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, ${figures('q')}, h.held_usd
FROM unnest(${k.userIds}::bigint[], ${k.platforms}::text[]) AS k(user_id, platform)
${LIVE_USER('k.user_id')}
${ACTIVE_QUOTA('*')}
${HELD(k.now)}`;

/*
 * Reserving holds. The amounts held must be summed with what the counter row says at the moment
 * the holds are written: in READ COMMITTED a statement that waited for a row lock still reads with
 * the snapshot it started with, so a sum in the locking statement would miss the holds the writer
 * it waited for had just committed. Every writer of holds therefore also writes the counter row of
 * their pair (a charge writes it anyway), which gives the row a new version (`xmin`), and a
 * reserve batch is decided in one of two ways:
 * - Optimistically, in two round trips and no transaction: (1) HOLD_SNAPSHOT_SQL reads the pairs'
 *   counter rows with their versions, their live holds and the batch's request ids; the service
 *   decides; (2) HOLD_WRITE_SQL writes the granted holds of a pair only if its counter row is
 *   still the version read, and writes that row, in the same statement. A pair whose row changed
 *   in between (another reserve, a charge, an edit) writes nothing and is decided again; a
 *   reserve that waited for the row sees, once it has it, that the version is not the one it read.
 * - Under locks, after a few such conflicts (a row written many times a second): one transaction
 *   (1) locks the batch's counter rows in lock order, as the charge batch does, (2) sums their
 *   live holds and looks the batch's request ids up, in a statement started after the locks are
 *   held, (3) inserts the holds the service granted from those figures and writes their rows.
 * Either way two instances reserving on one row decide in turn on what the other committed:
 * together they grant what one would.
 */

/** The lock's parameters: the distinct (user, platform) pairs of the batch, in lock order. */
export const HOLD_LOCK_PARAMS = parameters(['userIds', 'platforms']);
const lockRef = HOLD_LOCK_PARAMS.ref;

/** Locks the active counter rows of the pairs, in the order given, and returns their figures. */
export const HOLD_LOCK_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, ${figures('q')}
FROM unnest(${lockRef.userIds}::bigint[], ${lockRef.platforms}::text[]) AS k(user_id, platform)
${LIVE_USER('k.user_id')}
${ACTIVE_QUOTA('*', ' FOR NO KEY UPDATE')}`;

/** The read's parameters: the pairs (as for the lock), `now`, and the batch's request ids. */
export const HOLD_READ_PARAMS = parameters(['userIds', 'platforms', 'now', 'requestIds']);
const readRef = HOLD_READ_PARAMS.ref;

const HOLD_COLUMNS = 'id, request_id, user_id, platform, amount_usd, state, created_at, expires_at';

/**
 * What a reserve batch decides on, in one round trip: a row per pair with the amount its live
 * holds keep at `now` (`request_id` null), then a row per hold already reserved under one of the
 * batch's request ids, whatever its state (`held_usd` null), then a row per charge already
 * recorded under one of them (state `charged`, its cost as the amount; see HOLD_SNAPSHOT_SQL).
 */
export const HOLD_READ_SQL = `
SELECT NULL::bigint AS id, NULL AS request_id, k.user_id, k.platform, NULL::numeric AS amount_usd, NULL AS state,
  NULL::timestamptz AS created_at, NULL::timestamptz AS expires_at, h.held_usd
FROM unnest(${readRef.userIds}::bigint[], ${readRef.platforms}::text[]) AS k(user_id, platform)
${HELD(readRef.now)}
UNION ALL
SELECT ${HOLD_COLUMNS}, NULL FROM quota_holds WHERE request_id = ANY(${readRef.requestIds}::text[])
UNION ALL
SELECT NULL, request_id, user_id, platform, cost_usd, 'charged', charged_at, NULL, NULL
FROM quota_charges WHERE request_id = ANY(${readRef.requestIds}::text[])`;

/** The holds already reserved under some request ids, whatever their state. */
export const HOLD_FIND_PARAMS = parameters(['requestIds']);

export const HOLD_FIND_SQL = `
SELECT ${HOLD_COLUMNS} FROM quota_holds WHERE request_id = ANY(${HOLD_FIND_PARAMS.ref.requestIds}::text[])`;

/** The granted holds, in request id order; all are created at `createdAt` and expire at `expiresAt`. */
export const HOLD_INSERT_PARAMS = parameters([
  'requestIds',
  'userIds',
  'platforms',
  'amounts',
  'createdAt',
  'expiresAt',
]);
const insertRef = HOLD_INSERT_PARAMS.ref;

/**
 * Inserts the granted holds and returns the id of each (the rest the caller wrote, and knows). An
 * id another writer reserved meanwhile is skipped (and left out of the result) rather than failing
 * the batch: the caller looks it up and answers it as a repeat.
 */
export const HOLD_INSERT_SQL = `
WITH granted AS (
  SELECT * FROM unnest(${insertRef.requestIds}::text[], ${insertRef.userIds}::bigint[], ${insertRef.platforms}::text[], ${insertRef.amounts}::numeric[])
    AS g(request_id, user_id, platform, amount)
),
touched AS (
  UPDATE user_platform_quotas q SET updated_at = q.updated_at
  FROM (SELECT DISTINCT user_id, platform FROM granted) p
  WHERE q.user_id = ANY(${insertRef.userIds}::bigint[])
    AND q.user_id = p.user_id AND q.platform = p.platform AND q.deleted_at IS NULL
)
INSERT INTO quota_holds (request_id, user_id, platform, amount_usd, created_at, expires_at)
SELECT g.request_id, g.user_id, g.platform, g.amount, ${insertRef.createdAt}, ${insertRef.expiresAt}
FROM granted g
ON CONFLICT (request_id) DO NOTHING
RETURNING id, request_id`;

/** The optimistic read's parameters: the distinct pairs of the batch, `now`, the batch's request ids. */
export const HOLD_SNAPSHOT_PARAMS = parameters(['userIds', 'platforms', 'now', 'requestIds']);
const snapRef = HOLD_SNAPSHOT_PARAMS.ref;

/**
 * What an optimistic reserve decides on, in one round trip: a row per pair (`request_id` null)
 * with the user, its counter row, that row's id and version, and the amount its live holds keep
 * at `now`; then a row per hold already reserved under one of the batch's request ids, whatever
 * its state; then a row per charge already recorded under one of them (state `charged`).
 *
 * A request id charged without a hold cannot be reserved afterwards (a reserve retried after its
 * charge, or an id used again): no charge would ever settle that hold, and it would keep its
 * amount from the user until it expired. A charge recorded between this read and the write
 * changes the counter row, so the pair is decided again on a fresh read; a pair without a
 * counter row (no limit) has nothing to change, and such a hold only lasts until it expires.
 */
export const HOLD_SNAPSHOT_SQL = `
SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, ${figures('q')},
  q.id AS quota_id, q.xmin::text AS version, h.held_usd,
  NULL::bigint AS id, NULL AS request_id, NULL::numeric AS amount_usd, NULL AS state,
  NULL::timestamptz AS created_at, NULL::timestamptz AS expires_at
FROM unnest(${snapRef.userIds}::bigint[], ${snapRef.platforms}::text[]) AS k(user_id, platform)
${LIVE_USER('k.user_id')}
${ACTIVE_QUOTA('q.*, q.xmin')}
${HELD(snapRef.now)}
UNION ALL
SELECT user_id, platform, NULL, ${STORED_QUOTA_COLUMNS.map(() => 'NULL').join(', ')},
  NULL, NULL, NULL, id, request_id, amount_usd, state, created_at, expires_at
FROM quota_holds WHERE request_id = ANY(${snapRef.requestIds}::text[])
UNION ALL
SELECT user_id, platform, NULL, ${STORED_QUOTA_COLUMNS.map(() => 'NULL').join(', ')},
  NULL, NULL, NULL, NULL, request_id, cost_usd, 'charged', charged_at, NULL
FROM quota_charges WHERE request_id = ANY(${snapRef.requestIds}::text[])`;

/**
 * The optimistic write's parameters. The counter rows the granted holds depend on, in lock order:
 * `quotaIds` and the `versions` read. The granted holds, in request id order, each with the id of
 * its pair's counter row (null for a pair without one, which has no limit), all created at
 * `createdAt` and expiring at `expiresAt`.
 */
export const HOLD_WRITE_PARAMS = parameters([
  'quotaIds',
  'versions',
  'requestIds',
  'userIds',
  'platforms',
  'amounts',
  'holdQuotaIds',
  'createdAt',
  'expiresAt',
]);
const writeRef = HOLD_WRITE_PARAMS.ref;

/**
 * Writes the granted holds of the pairs whose counter row is still the version read, and writes
 * those rows (locked one by one in the order given, as the charge batch locks them), in one
 * statement. Returns the id of each hold inserted (an id another writer reserved meanwhile is
 * skipped, as by HOLD_INSERT_SQL), then a row per counter row that had changed
 * (`conflicted_quota_id`), whose holds were not written.
 */
export const HOLD_WRITE_SQL = `
WITH unchanged AS (
  SELECT row.id
  FROM unnest(${writeRef.quotaIds}::bigint[], ${writeRef.versions}::xid[]) WITH ORDINALITY AS c(quota_id, version, n)
  JOIN LATERAL (
    SELECT q.id FROM user_platform_quotas q
    WHERE q.id = c.quota_id AND q.xmin = c.version
    FOR NO KEY UPDATE
  ) row ON true
),
touched AS (
  UPDATE user_platform_quotas q SET updated_at = q.updated_at
  FROM unchanged c WHERE q.id = ANY(${writeRef.quotaIds}::bigint[]) AND q.id = c.id
  RETURNING q.id
),
inserted AS (
  INSERT INTO quota_holds (request_id, user_id, platform, amount_usd, created_at, expires_at)
  SELECT g.request_id, g.user_id, g.platform, g.amount, ${writeRef.createdAt}, ${writeRef.expiresAt}
  FROM unnest(${writeRef.requestIds}::text[], ${writeRef.userIds}::bigint[], ${writeRef.platforms}::text[],
    ${writeRef.amounts}::numeric[], ${writeRef.holdQuotaIds}::bigint[]) AS g(request_id, user_id, platform, amount, quota_id)
  WHERE g.quota_id IS NULL OR g.quota_id IN (SELECT id FROM touched)
  ON CONFLICT (request_id) DO NOTHING
  RETURNING id, request_id
)
SELECT id, request_id, NULL::bigint AS conflicted_quota_id FROM inserted
UNION ALL
SELECT NULL, NULL, c.quota_id
FROM unnest(${writeRef.quotaIds}::bigint[]) AS c(quota_id)
WHERE c.quota_id NOT IN (SELECT id FROM touched)`;

/** The request ids to release, and `now`. */
export const HOLD_RELEASE_PARAMS = parameters(['requestIds', 'now']);
const releaseRef = HOLD_RELEASE_PARAMS.ref;

/**
 * Releases the holds of some request ids that are still held (or expired unsettled) and returns
 * every hold of those ids with its state after the statement: `released_now` for those this
 * statement released. A settled hold stays settled: its charge is recorded.
 */
export const HOLD_RELEASE_SQL = `
WITH released AS (
  UPDATE quota_holds SET state = 'released', finished_at = ${releaseRef.now}
  WHERE request_id = ANY(${releaseRef.requestIds}::text[]) AND state IN ('held', 'expired')
  RETURNING id
)
SELECT id, request_id, user_id, platform, amount_usd,
  CASE WHEN released_now THEN 'released' ELSE state END AS state, created_at, expires_at, released_now
FROM (
  SELECT h.*, h.id IN (SELECT id FROM released) AS released_now
  FROM quota_holds h WHERE h.request_id = ANY(${releaseRef.requestIds}::text[])
) h`;

/** `now`, and the instant before which expired holds are deleted. */
export const HOLD_SWEEP_PARAMS = parameters(['now', 'deleteBefore']);
const sweepRef = HOLD_SWEEP_PARAMS.ref;

/**
 * The opportunistic cleanup (nothing depends on it for correctness: sums filter by expiry). Marks
 * the holds that expired unsettled since `deleteBefore`, deletes every hold that expired before
 * it (kept until then so that a retried reserve or release gets its first answer), and counts by
 * platform the holds it found expired unsettled.
 */
export const HOLD_SWEEP_SQL = `
WITH marked AS (
  UPDATE quota_holds SET state = 'expired', finished_at = expires_at
  WHERE state = 'held' AND expires_at <= ${sweepRef.now} AND expires_at >= ${sweepRef.deleteBefore}
  RETURNING platform
),
deleted AS (
  DELETE FROM quota_holds WHERE expires_at < ${sweepRef.deleteBefore}
  RETURNING platform, state
)
SELECT platform, count(*)::int AS expired
FROM (SELECT platform FROM marked UNION ALL SELECT platform FROM deleted WHERE state = 'held') e
GROUP BY platform`;

/** Every rendered statement under the name of its snapshot file in sql/. */
export const RENDERED_SQL: Record<string, string> = {
  'charge-batch.sql': CHARGE_BATCH_SQL,
  'charge-batch-looked-up.sql': CHARGE_BATCH_LOOKED_UP_SQL,
  'check-read.sql': CHECK_READ_SQL,
  'hold-lock.sql': HOLD_LOCK_SQL,
  'hold-read.sql': HOLD_READ_SQL,
  'hold-find.sql': HOLD_FIND_SQL,
  'hold-insert.sql': HOLD_INSERT_SQL,
  'hold-release.sql': HOLD_RELEASE_SQL,
  'hold-snapshot.sql': HOLD_SNAPSHOT_SQL,
  'hold-write.sql': HOLD_WRITE_SQL,
  'hold-sweep.sql': HOLD_SWEEP_SQL,
};

/** A statement as its snapshot file holds it: without the leading newline, ending in one. */
export function snapshotText(sql: string): string {
  return `${sql.trim()}\n`;
}
