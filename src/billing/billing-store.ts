/**
 * Runs the hot-path SQL of billing.sql.ts through node-postgres (on a server, on connections of
 * its own): one round trip per batch, prepared once per connection, rows parsed into Money and
 * numbers here.
 */
import { Injectable, Logger } from '@nestjs/common';
import pg, { type Pool, type QueryConfig } from 'pg';
import { DataSource } from 'typeorm';

import type { Platform, QuotaWindow } from '../common/domain.constants.js';
import { Money, moneyFromDb, moneyToDb, wireFromDb, ZERO } from '../common/money.js';
import { AppConfig } from '../config/app-config.js';
import { idFromDb } from '../database/column-transformers.js';
import { connectionUrl } from '../database/data-source.js';
import { PgArray } from '../database/pg-array.js';
import { type StoredQuota, storedQuota, type StoredQuotaRow } from '../quota/quota-state.js';
import type { WindowBounds } from '../quota/windows.js';
import {
  CHARGE_BATCH_LOOKED_UP_SQL,
  CHARGE_BATCH_PARAMS,
  CHARGE_BATCH_SQL,
  CHECK_READ_PARAMS,
  CHECK_READ_SQL,
  HOLD_FIND_PARAMS,
  HOLD_FIND_SQL,
  HOLD_INSERT_PARAMS,
  HOLD_INSERT_SQL,
  HOLD_LOCK_PARAMS,
  HOLD_LOCK_SQL,
  HOLD_READ_PARAMS,
  HOLD_READ_SQL,
  HOLD_RELEASE_PARAMS,
  HOLD_RELEASE_SQL,
  HOLD_SNAPSHOT_PARAMS,
  HOLD_SNAPSHOT_SQL,
  HOLD_SWEEP_PARAMS,
  HOLD_SWEEP_SQL,
  HOLD_WRITE_PARAMS,
  HOLD_WRITE_SQL,
} from './billing.sql.js';
import type { HoldState } from './quota-hold.constants.js';

export interface QuotaKey {
  userId: number;
  platform: Platform;
}

export interface ChargeRequest extends QuotaKey {
  requestId: string;
  costUsd: Money;
}

/**
 * A charge's usage after it, per window, kept as the database's text: the answer formats it for
 * the wire without reading it as a Decimal (a batch of charges answers with three per charge);
 * each window is read as Money when asked.
 */
export class UsageAfter implements Record<QuotaWindow, Money> {
  constructor(
    private readonly dailyText: string,
    private readonly weeklyText: string,
    private readonly monthlyText: string,
  ) {}

  get daily(): Money {
    return moneyFromDb(this.dailyText);
  }

  get weekly(): Money {
    return moneyFromDb(this.weeklyText);
  }

  get monthly(): Money {
    return moneyFromDb(this.monthlyText);
  }

  /** A window's figure as formatMoney writes it. */
  wire(window: QuotaWindow): string {
    return wireFromDb(window === 'daily' ? this.dailyText : window === 'weekly' ? this.weeklyText : this.monthlyText);
  }
}

/** A ledger row: a charge just recorded, or (duplicate) one recorded before under the same request id. */
export interface RecordedCharge {
  duplicate: boolean;
  requestId: string;
  userId: number;
  platform: Platform;
  costUsd: Money;
  chargedAt: Date;
  usage: UsageAfter;
  windowStart: Record<QuotaWindow, Date>;
  exhausted: QuotaWindow[];
  /** Whether this charge settled a hold reserved under its request id (false for a duplicate). */
  settledHold: boolean;
}

export interface QuotaLookup extends QuotaKey {
  userExists: boolean;
  /** The active row, or null when the user has none for this platform (unlimited). */
  quota: StoredQuota | null;
  /** What the live holds of (user, platform) keep. */
  held: Money;
}

/** A hold asked for: an estimated cost to reserve under the request id of the upstream call. */
export interface HoldRequest extends QuotaKey {
  requestId: string;
  amountUsd: Money;
}

/** A hold as stored. A `held` hold whose `expiresAt` is past no longer counts. */
export interface StoredHold extends HoldRequest {
  id: number;
  state: HoldState;
  createdAt: Date;
  expiresAt: Date;
}

/** A hold as a release left it: `releasedNow` when that release is the one that released it. */
export interface ReleasedHold extends StoredHold {
  releasedNow: boolean;
}

/** What a reserve transaction reads once its counter rows are locked. */
export interface HoldSnapshot {
  /** Per pair (`userId:platform`): the user, its locked row, and what its live holds keep. */
  quotas: Map<string, QuotaLookup>;
  /** The holds already reserved under the batch's request ids. */
  found: Map<string, StoredHold>;
  /** The charges already recorded under the batch's request ids (no hold may be reserved under those). */
  charged: Map<string, RecordedUse>;
}

/** What a request id was used for before: a charge's (user, platform, cost). */
export interface RecordedUse {
  userId: number;
  platform: string;
  costUsd: Money;
}

/** The state of a row of a reserve's read that is a charge, not a hold (see HOLD_SNAPSHOT_SQL). */
const CHARGED = 'charged';

/** A reserve's read of its request ids: the holds reserved and the charges recorded under them. */
function recordedUnder(rows: HoldRow[]): Pick<HoldSnapshot, 'found' | 'charged'> {
  const found = new Map<string, StoredHold>();
  const charged = new Map<string, RecordedUse>();
  for (const row of rows) {
    if ((row.state as string) !== CHARGED) found.set(row.request_id, storedHold(row));
    else {
      const costUsd = moneyFromDb(row.amount_usd);
      charged.set(row.request_id, { userId: idFromDb(row.user_id), platform: row.platform, costUsd });
    }
  }
  return { found, charged };
}

/** What the decision of a reserve transaction gives it to write. */
export interface HoldGrants {
  granted: HoldRequest[];
  createdAt: Date;
  expiresAt: Date;
}

/** A hold a reserve inserted: the id it was given. The rest is what the reserve asked to write. */
export interface InsertedHold {
  requestId: string;
  id: number;
}

/** What a reserve transaction wrote: the holds inserted, and those another writer had reserved meanwhile. */
export interface HoldsWritten {
  inserted: InsertedHold[];
  taken: StoredHold[];
}

/**
 * What an optimistic reserve wrote: as a transaction's, and the pairs (`userId:platform`) whose
 * counter row another writer changed after the read; nothing was written for those.
 */
export interface OptimisticHoldsWritten extends HoldsWritten {
  conflicted: Set<string>;
}

/** A charge's row in the batch's result; the charge itself is there only for a recorded one. */
interface ChargeRow {
  duplicate: boolean;
  request_id: string;
  user_id: string | null;
  platform: Platform | null;
  cost_usd: string | null;
  charged_at: Date | null;
  daily_usage_usd: string;
  weekly_usage_usd: string;
  monthly_usage_usd: string;
  /** For a fresh charge, null when it is the current window start. */
  daily_window_start: Date | null;
  weekly_window_start: Date | null;
  monthly_window_start: Date | null;
  /** For a fresh charge, null when it is empty. */
  exhausted_windows: QuotaWindow[] | null;
  settled_hold: boolean;
}

/** A pair of the check read: its figures are null when the user has no row for the platform. */
type QuotaRow = { user_id: string; platform: Platform; user_exists: boolean; held_usd?: string } & StoredQuotaRow;

/** A row of the optimistic read: a pair (`request_id` null) or a hold found under a request id. */
type SnapshotRow = QuotaRow & { quota_id: string | null; version: string | null } & Omit<
    HoldRow,
    'request_id' | 'released_now'
  > & { request_id: string | null };

interface HoldRow {
  id: string;
  request_id: string;
  user_id: string;
  platform: Platform;
  amount_usd: string;
  state: HoldState;
  created_at: Date;
  expires_at: Date;
  released_now?: boolean;
}

/** A row of a reserve's write for a hold it inserted. */
interface InsertedRow {
  id: string;
  request_id: string;
}

/**
 * A row of the optimistic write: a hold it inserted, or a counter row that had changed (nothing
 * was written for its pair).
 */
type OptimisticWriteRow =
  (InsertedRow & { conflicted_quota_id: null }) | { id: null; request_id: null; conflicted_quota_id: string };

/** node-postgres honours a per-query `query_timeout`; its typings do not list it. */
type TimedQuery = QueryConfig & { query_timeout: number };

export interface StatementOptions {
  /** Client-side limit: past it the caller is told the database is unavailable. */
  timeoutMs: number;
}

@Injectable()
export class BillingStore {
  private readonly logger = new Logger('Billing');
  private readonly pool: Pool;
  private closed = false;
  /**
   * The hot path has connections of its own, up to four per batch that may be in flight (one
   * each for charges, checks, reserves and releases; opened only when used; the occasional sweep
   * of old holds borrows one), beside the pool of everything else, so that admin traffic never
   * holds them up. They are opened from the same URL as the app's DataSource. Getting one and
   * running a statement on it are bounded together by BILLING_QUERY_TIMEOUT_MS (see `run`), and
   * the server gives up on a statement after as long.
   */
  constructor(dataSource: DataSource, config: AppConfig) {
    const timeoutMs = config.billing.queryTimeoutMs;
    this.pool = new pg.Pool({
      connectionString: withSessionSettings(connectionUrl(dataSource), timeoutMs),
      max: 4 * config.billing.batchesInFlight,
      connectionTimeoutMillis: timeoutMs,
      idleTimeoutMillis: 30_000,
      application_name: 'platform-quota-service billing',
    });
    // A connection that breaks while idle (the server restarted) leaves the pool; the next batch opens another.
    this.pool.on('error', (error) => this.logger.warn(`An idle billing connection failed: ${error.message}`));
    // A connection that breaks while checked out reports it to its statement and as an 'error'
    // event, which needs a listener from the moment the connection is made: a backend killed just
    // after it accepted one reports it in the read that completed it, before `run` holds it.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  /**
   * Runs a statement within `timeoutMs` in all: the time spent getting a connection (the pool
   * gives up after as long) counts against the statement's own client-side timeout. A connection
   * whose statement failed is closed rather than reused: after a timeout its state is unknown.
   */
  private async run<R extends pg.QueryResultRow>(query: QueryConfig, timeoutMs: number): Promise<pg.QueryResult<R>> {
    const started = performance.now();
    const client = await this.pool.connect();
    let failed: Error | undefined;
    try {
      const remaining = Math.max(1, Math.floor(timeoutMs - (performance.now() - started)));
      return await client.query<R>({ ...query, query_timeout: remaining } as TimedQuery);
    } catch (error) {
      failed = error as Error;
      throw error;
    } finally {
      client.release(failed);
    }
  }

  /** The hot path's connections: in all, idle, and callers waiting for one. */
  poolCounts(): { totalCount: number; idleCount: number; waitingCount: number } {
    return { totalCount: this.pool.totalCount, idleCount: this.pool.idleCount, waitingCount: this.pool.waitingCount };
  }

  /** Closes the hot path's own connections; the billing service calls it once its queues are drained. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /**
   * Applies a batch of charges with distinct request ids in one statement. Charges of unknown or
   * deleted users are absent from the result. A request id already in the ledger makes it fail
   * with a unique violation and write nothing, unless `lookUpFirst` is set: then, when some ids
   * are in the ledger, it writes nothing and returns only those, as duplicates with what was
   * recorded for them, for the caller to answer before it sends the others again.
   */
  async chargeBatch(
    charges: ChargeRequest[],
    bounds: WindowBounds,
    now: Date,
    options: StatementOptions & { lookUpFirst: boolean },
  ): Promise<RecordedCharge[]> {
    const query: QueryConfig = {
      name: options.lookUpFirst ? 'quota_charge_batch_looked_up' : 'quota_charge_batch',
      text: options.lookUpFirst ? CHARGE_BATCH_LOOKED_UP_SQL : CHARGE_BATCH_SQL,
      values: CHARGE_BATCH_PARAMS.values({
        ...batchArrays(charges),
        dailyCutoff: bounds.daily.cutoff,
        dailyStart: bounds.daily.start,
        weeklyCutoff: bounds.weekly.cutoff,
        weeklyStart: bounds.weekly.start,
        monthlyCutoff: bounds.monthly.cutoff,
        monthlyStart: bounds.monthly.start,
        now,
      }),
    };
    const result = await this.run<ChargeRow>(query, options.timeoutMs);
    const sent = new Map<string, ChargeRequest>();
    for (const charge of charges) sent.set(charge.requestId, charge);
    return result.rows.map((row) => {
      const charge = row.duplicate ? recordedCharge(row) : sent.get(row.request_id)!;
      return {
        duplicate: row.duplicate,
        requestId: row.request_id,
        userId: charge.userId,
        platform: charge.platform,
        costUsd: charge.costUsd,
        chargedAt: row.duplicate ? row.charged_at! : now,
        usage: new UsageAfter(row.daily_usage_usd, row.weekly_usage_usd, row.monthly_usage_usd),
        // A fresh charge leaves out a window start that is the current one, and an empty list.
        windowStart: {
          daily: row.daily_window_start ?? bounds.daily.start,
          weekly: row.weekly_window_start ?? bounds.weekly.start,
          monthly: row.monthly_window_start ?? bounds.monthly.start,
        },
        exhausted: row.exhausted_windows ?? [],
        settledHold: row.settled_hold,
      };
    });
  }

  /**
   * The active quota rows of several (user, platform) pairs, one entry per pair, in order, with
   * what their holds live at `now` keep.
   */
  async lookup(keys: QuotaKey[], now: Date, options: StatementOptions): Promise<QuotaLookup[]> {
    const query: QueryConfig = {
      name: 'quota_check_read',
      text: CHECK_READ_SQL,
      values: CHECK_READ_PARAMS.values({ ...pairArrays(keys), now }),
    };
    const { rows } = await this.run<QuotaRow>(query, options.timeoutMs);
    return quotaLookups(keys, rows);
  }

  /**
   * One reserve batch, in one transaction (see billing.sql.ts on why it is not one statement):
   * locks the counter rows of `keys` (distinct, in lock order), reads what `decide` needs, and
   * inserts the holds it grants.
   */
  async reserveBatch(
    keys: QuotaKey[],
    requestIds: string[],
    now: Date,
    decide: (snapshot: HoldSnapshot) => HoldGrants,
    options: StatementOptions,
  ): Promise<HoldsWritten> {
    return this.transaction(options.timeoutMs, async (query) => {
      const pairs = pairArrays(keys);
      const locked = await query<QuotaRow>({
        name: 'quota_hold_lock',
        text: HOLD_LOCK_SQL,
        values: HOLD_LOCK_PARAMS.values(pairs),
      });
      const read = await query<HoldRow & { held_usd: string | null }>({
        name: 'quota_hold_read',
        text: HOLD_READ_SQL,
        values: HOLD_READ_PARAMS.values({ ...pairs, now, requestIds: PgArray.of(requestIds, true) }),
      });
      const held = new Map<string, string>();
      const used: HoldRow[] = [];
      for (const row of read) {
        if (row.request_id === null) held.set(`${row.user_id}:${row.platform}`, row.held_usd!);
        else used.push(row);
      }
      const quotas = new Map(
        quotaLookups(
          keys,
          locked.map((row) => ({ ...row, held_usd: held.get(`${row.user_id}:${row.platform}`) })),
        ).map((q) => [`${q.userId}:${q.platform}`, q]),
      );
      const { granted, createdAt, expiresAt } = decide({ quotas, ...recordedUnder(used) });
      if (granted.length === 0) return { inserted: [], taken: [] };
      const ordered = [...granted].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
      const rows = await query<InsertedRow>({
        name: 'quota_hold_insert',
        text: HOLD_INSERT_SQL,
        values: HOLD_INSERT_PARAMS.values({ ...grantArrays(ordered), createdAt, expiresAt }),
      });
      const inserted = rows.map(insertedHold);
      if (inserted.length === ordered.length) return { inserted, taken: [] };
      const done = new Set(inserted.map((hold) => hold.requestId));
      const taken = await query<HoldRow>({
        name: 'quota_hold_find',
        text: HOLD_FIND_SQL,
        values: HOLD_FIND_PARAMS.values({
          requestIds: PgArray.of(
            ordered.filter((g) => !done.has(g.requestId)).map((g) => g.requestId),
            true,
          ),
        }),
      });
      return { inserted, taken: taken.map(storedHold) };
    });
  }

  /**
   * One reserve batch, optimistically (see billing.sql.ts): reads the counter rows of `keys`
   * (distinct, in lock order) with their versions, lets `decide` grant, and writes the holds of
   * each pair whose row is still the version read. Two round trips, no transaction.
   */
  async reserveOptimistic(
    keys: QuotaKey[],
    requestIds: string[],
    now: Date,
    decide: (snapshot: HoldSnapshot) => HoldGrants,
    options: StatementOptions,
  ): Promise<OptimisticHoldsWritten> {
    const started = performance.now();
    const remaining = () => Math.max(1, Math.floor(options.timeoutMs - (performance.now() - started)));
    const { rows } = await this.run<SnapshotRow>(
      {
        name: 'quota_hold_snapshot',
        text: HOLD_SNAPSHOT_SQL,
        values: HOLD_SNAPSHOT_PARAMS.values({ ...pairArrays(keys), now, requestIds: PgArray.of(requestIds, true) }),
      },
      remaining(),
    );
    const pairs: SnapshotRow[] = [];
    const used: HoldRow[] = [];
    for (const row of rows) {
      if (row.request_id === null) pairs.push(row);
      else used.push(row as HoldRow);
    }
    const versions = new Map<string, { quotaId: string; version: string }>();
    for (const row of pairs) {
      if (row.quota_id !== null)
        versions.set(`${row.user_id}:${row.platform}`, { quotaId: row.quota_id, version: row.version! });
    }
    const quotas = new Map(quotaLookups(keys, pairs).map((q) => [`${q.userId}:${q.platform}`, q]));
    const { granted, createdAt, expiresAt } = decide({ quotas, ...recordedUnder(used) });
    if (granted.length === 0) return { inserted: [], taken: [], conflicted: new Set() };

    const ordered = [...granted].sort((a, b) => (a.requestId < b.requestId ? -1 : a.requestId > b.requestId ? 1 : 0));
    const grantedPairs = new Set(granted.map((g) => `${g.userId}:${g.platform}`));
    // The counter rows the grants depend on, in lock order.
    const guarded = keys.flatMap((k) => {
      const key = `${k.userId}:${k.platform}`;
      const version = versions.get(key);
      return version && grantedPairs.has(key) ? [version] : [];
    });
    const written = await this.run<OptimisticWriteRow>(
      {
        name: 'quota_hold_write',
        text: HOLD_WRITE_SQL,
        values: HOLD_WRITE_PARAMS.values({
          quotaIds: PgArray.of(
            guarded.map((g) => g.quotaId),
            false,
          ),
          versions: PgArray.of(
            guarded.map((g) => g.version),
            false,
          ),
          ...grantArrays(ordered),
          holdQuotaIds: PgArray.of(
            ordered.map((g) => versions.get(`${g.userId}:${g.platform}`)?.quotaId ?? 'NULL'),
            false,
          ),
          createdAt,
          expiresAt,
        }),
      },
      remaining(),
    );
    const inserted: InsertedHold[] = [];
    const conflictedIds = new Set<string>();
    for (const row of written.rows) {
      if (row.conflicted_quota_id !== null) conflictedIds.add(row.conflicted_quota_id);
      else inserted.push(insertedHold(row));
    }
    const conflicted = new Set([...versions].filter(([, v]) => conflictedIds.has(v.quotaId)).map(([key]) => key));
    const done = new Set(inserted.map((hold) => hold.requestId));
    const missing = ordered.filter((g) => !done.has(g.requestId) && !conflicted.has(`${g.userId}:${g.platform}`));
    if (missing.length === 0) return { inserted, taken: [], conflicted };
    const { rows: taken } = await this.run<HoldRow>(
      {
        name: 'quota_hold_find',
        text: HOLD_FIND_SQL,
        values: HOLD_FIND_PARAMS.values({
          requestIds: PgArray.of(
            missing.map((g) => g.requestId),
            true,
          ),
        }),
      },
      remaining(),
    );
    return { inserted, taken: taken.map(storedHold), conflicted };
  }

  /** Releases the holds of some request ids; returns every hold found under them, as left. */
  async release(requestIds: string[], now: Date, options: StatementOptions): Promise<ReleasedHold[]> {
    const started = performance.now();
    const { rows } = await this.run<HoldRow>(
      {
        name: 'quota_hold_release',
        text: HOLD_RELEASE_SQL,
        values: HOLD_RELEASE_PARAMS.values({ requestIds: PgArray.of(requestIds, true), now }),
      },
      options.timeoutMs,
    );
    const released = rows.map((row) => ({ ...storedHold(row), releasedNow: row.released_now === true }));
    // A hold the statement saw as held yet did not release was released or settled by another
    // statement that committed while this one waited for the row: the statement's snapshot still
    // shows it held. Read those again, as they are now.
    const stale = released.filter((hold) => !hold.releasedNow && isOpen(hold.state)).map((hold) => hold.requestId);
    if (stale.length === 0) return released;
    const { rows: fresh } = await this.run<HoldRow>(
      {
        name: 'quota_hold_find',
        text: HOLD_FIND_SQL,
        values: HOLD_FIND_PARAMS.values({ requestIds: PgArray.of(stale, true) }),
      },
      Math.max(1, Math.floor(options.timeoutMs - (performance.now() - started))),
    );
    const latest = new Map(fresh.map((row) => [row.request_id, storedHold(row)]));
    return released.flatMap((hold) => {
      if (hold.releasedNow || !isOpen(hold.state)) return [hold];
      const current = latest.get(hold.requestId);
      return current ? [{ ...current, releasedNow: false }] : [];
    });
  }

  /** The cleanup of old holds; returns, by platform, how many it found expired unsettled. */
  async sweepHolds(now: Date, deleteBefore: Date, options: StatementOptions): Promise<Map<Platform, number>> {
    const { rows } = await this.run<{ platform: Platform; expired: number }>(
      { name: 'quota_hold_sweep', text: HOLD_SWEEP_SQL, values: HOLD_SWEEP_PARAMS.values({ now, deleteBefore }) },
      options.timeoutMs,
    );
    return new Map(rows.map((row) => [row.platform, row.expired]));
  }

  /**
   * Runs `work` in a transaction on one connection, within `timeoutMs` in all (as `run`); rolls
   * back when it throws. A connection whose transaction failed is closed rather than reused.
   */
  private async transaction<T>(
    timeoutMs: number,
    work: (query: <R extends pg.QueryResultRow>(query: QueryConfig) => Promise<R[]>) => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const client = await this.pool.connect();
    const remaining = () => Math.max(1, Math.floor(timeoutMs - (performance.now() - started)));
    const query = async <R extends pg.QueryResultRow>(config: QueryConfig): Promise<R[]> =>
      (await client.query<R>({ ...config, query_timeout: remaining() } as TimedQuery)).rows;
    let failed: Error | undefined;
    try {
      await query({ text: 'BEGIN' });
      const result = await work(query);
      await query({ text: 'COMMIT' });
      return result;
    } catch (error) {
      failed = error as Error;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release(failed);
    }
  }
}

/** The granted holds as the array parameters of the statements that insert them. */
function grantArrays(granted: HoldRequest[]): Record<'requestIds' | 'userIds' | 'platforms' | 'amounts', string> {
  return {
    requestIds: PgArray.of(
      granted.map((g) => g.requestId),
      true,
    ),
    userIds: PgArray.of(
      granted.map((g) => g.userId),
      false,
    ),
    platforms: PgArray.of(
      granted.map((g) => g.platform),
      true,
    ),
    amounts: PgArray.of(
      granted.map((g) => moneyToDb(g.amountUsd)),
      false,
    ),
  };
}

/** Whether a release would still change a hold in this state. */
function isOpen(state: HoldState): boolean {
  return state === 'held' || state === 'expired';
}

/** The (user, platform) pairs as the two array parameters the statements take. */
function pairArrays(keys: QuotaKey[]): { userIds: string; platforms: string } {
  return {
    userIds: PgArray.of(
      keys.map((k) => k.userId),
      false,
    ),
    platforms: PgArray.of(
      keys.map((k) => k.platform),
      true,
    ),
  };
}

function quotaLookups(keys: QuotaKey[], rows: QuotaRow[]): QuotaLookup[] {
  const byKey = new Map(rows.map((row) => [`${row.user_id}:${row.platform}`, row]));
  return keys.map((key) => {
    const row = byKey.get(`${key.userId}:${key.platform}`);
    return {
      userId: key.userId,
      platform: key.platform,
      userExists: row?.user_exists ?? false,
      quota: row && row.daily_usage_usd !== null ? storedQuota(row) : null,
      held: row?.held_usd ? moneyFromDb(row.held_usd) : ZERO,
    };
  });
}

function insertedHold(row: InsertedRow): InsertedHold {
  return { requestId: row.request_id, id: idFromDb(row.id) };
}

function storedHold(row: HoldRow): StoredHold {
  return {
    id: idFromDb(row.id),
    requestId: row.request_id,
    userId: idFromDb(row.user_id),
    platform: row.platform,
    amountUsd: moneyFromDb(row.amount_usd),
    state: row.state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * The connection string of the hot path's connections. Always generic plans: PostgreSQL plans a
 * prepared statement afresh for its first five runs, then keeps a generic plan only if it looks
 * no dearer than those did. For a batch of one or two charges (a quiet service) the batch
 * statement never passes that test, so every run was planned again, which took longer than
 * running it; the generic plan serves every batch size. No sequential scans: a connection's
 * generic plan may be made while a table is empty (a new installation's holds), and would then
 * read the whole table on every run as it grows, until statistics catch up; every hot-path
 * statement is meant to find its rows through an index. And the server's own statement timeout.
 */
export function withSessionSettings(url: string, statementTimeoutMs: number): string {
  const parsed = new URL(url);
  const options = parsed.searchParams.get('options');
  const settings = [
    '-c plan_cache_mode=force_generic_plan',
    '-c enable_seqscan=off',
    `-c statement_timeout=${statementTimeoutMs}`,
  ];
  parsed.searchParams.set('options', [options, ...settings].filter(Boolean).join(' '));
  return parsed.toString();
}

/** The batch statement's array parameters, as literals; see CHARGE_BATCH_PARAMS. */
type BatchArrays = Record<
  'requestIds' | 'slots' | 'costs' | 'runningTotals' | 'userIds' | 'platforms' | 'rowTotals',
  string
>;

/**
 * The batch statement's array parameters: the charges grouped by (user, platform) row, rows in
 * lock order (user id, then platform), each row's charges in batch order, each charge with its
 * row's running total up to and including it (the last one's is the row's total).
 */
function batchArrays(charges: ChargeRequest[]): BatchArrays {
  const rows = new Map<string, ChargeRequest[]>();
  for (const charge of charges) {
    const key = `${charge.userId}:${charge.platform}`;
    const row = rows.get(key);
    if (row) row.push(charge);
    else rows.set(key, [charge]);
  }
  const ordered = [...rows.values()].sort(
    ([a], [b]) => a.userId - b.userId || (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0),
  );
  const [requestIds, platforms] = [new PgArray(true), new PgArray(true)];
  const [slots, costs, runningTotals, userIds, totals] = Array.from({ length: 5 }, () => new PgArray(false));
  ordered.forEach((row, i) => {
    let total: Money = row[0].costUsd;
    let running = '';
    row.forEach(({ requestId, costUsd }, j) => {
      const cost = moneyToDb(costUsd);
      // A row's first charge is its own running total (most rows have no other).
      if (j > 0) total = total.plus(costUsd);
      running = j === 0 ? cost : moneyToDb(total);
      requestIds.push(requestId);
      slots.push(i + 1);
      costs.push(cost);
      runningTotals.push(running);
    });
    userIds.push(row[0].userId);
    platforms.push(row[0].platform);
    totals.push(running);
  });
  return {
    requestIds: requestIds.toString(),
    slots: slots.toString(),
    costs: costs.toString(),
    runningTotals: runningTotals.toString(),
    userIds: userIds.toString(),
    platforms: platforms.toString(),
    rowTotals: totals.toString(),
  };
}

/** The charge a recorded ledger row holds. */
function recordedCharge(row: ChargeRow): ChargeRequest {
  return {
    requestId: row.request_id,
    userId: idFromDb(row.user_id!),
    platform: row.platform!,
    costUsd: moneyFromDb(row.cost_usd!),
  };
}
