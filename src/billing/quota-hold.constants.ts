/** The names of the holds table's constraints and indexes, used by the migration, the SQL and the tests. */
export const QUOTA_HOLDS_REQUEST_ID_UQ = 'quota_holds_request_id_uq';
export const QUOTA_HOLDS_PLATFORM_CHECK = 'quota_holds_platform_check';
/** The holds that may still count, per (user, platform): what every check and reserve sums. */
export const QUOTA_HOLDS_LIVE_IDX = 'quota_holds_live_idx';
/** Holds by expiry, for the sweep that marks and deletes old ones. */
export const QUOTA_HOLDS_EXPIRES_AT_IDX = 'quota_holds_expires_at_idx';

/**
 * A hold's stored state: `held` until a charge settles it, a release releases it or the sweep marks
 * it expired. A `held` row whose `expires_at` is past has expired already: every sum filters by
 * `expires_at`, so no sweep is needed for it to stop counting.
 */
export const HOLD_STATES = ['held', 'settled', 'released', 'expired'] as const;
export type HoldState = (typeof HOLD_STATES)[number];
