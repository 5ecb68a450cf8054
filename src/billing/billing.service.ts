/**
 * What a gateway calls around each upstream request: `check` before (may this user spend on
 * this platform now?) and `charge` after (what it cost). Both are group-committed: concurrent
 * calls share one statement, and each caller gets its own answer once that statement is done.
 * `reserve` is a check that also holds an estimated cost until the charge of the same request id
 * settles it, a `release` releases it or it expires (BILLING_HOLD_TTL_SECONDS): concurrent calls
 * then cannot together spend beyond the limit. Reserves and releases are group-committed too.
 * Other Nest modules call this service directly, without the HTTP layer's validation, so it
 * checks its own inputs (ids, platform, cost, request id) and refuses bad ones with a 400 error.
 */
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

import { Clock } from '../common/clock.js';
import { isPlatform, PLATFORMS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { type Money, parseCost } from '../common/money.js';
import { databaseUnavailable, isTransientError } from '../common/pg-errors.js';
import { AppConfig } from '../config/app-config.js';
import { type ChargeOutcome, Metrics } from '../metrics/metrics.js';
import { firstExhausted, QuotaState, quotaState } from '../quota/quota-state.js';
import { QuotaWindows } from '../quota/windows.js';
import { userNotFound } from '../users/users.errors.js';
import { shuttingDown } from '../http/shutdown.js';
import { holdNotFound, overloaded, quotaExhausted } from './billing.errors.js';
import { REQUEST_ID_PATTERN, REQUEST_ID_RULE } from './billing.schemas.js';
import {
  BillingStore,
  ChargeRequest,
  HoldRequest,
  QuotaKey,
  QuotaLookup,
  RecordedCharge,
  ReleasedHold,
  StoredHold,
} from './billing-store.js';
import { ChargeBatch } from './charge-batch.js';
import { GroupCommitQueue, Outcome } from './group-commit-queue.js';
import { HoldBatch, HoldDecision } from './hold-batch.js';
import type { HoldState } from './quota-hold.constants.js';

/** How often, at most, an instance sweeps old holds (after a reserve or release batch). */
const SWEEP_INTERVAL_MS = 60_000;
/** How long after its expiry a hold is kept, so that a retried reserve or release gets its first answer. */
export const HOLD_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface ChargeInput {
  userId: number;
  platform: Platform | string;
  /** A decimal string or a number; rounded half-up to 10 fraction digits. */
  costUsd: string | number;
  /** The gateway's id for the upstream request: the idempotency key. */
  requestId: string;
}

export type ChargeResult = RecordedCharge;

export interface CheckResult {
  userId: number;
  platform: Platform;
  allowed: boolean;
  /** The first exhausted window (daily, weekly, monthly), when refused. */
  refusedBy?: QuotaWindow;
  windows: QuotaState;
  /** What live holds of (user, platform) keep: counted as used in every window. */
  held: Money;
  checkedAt: Date;
}

export interface ReserveInput {
  userId: number;
  platform: Platform | string;
  /** The estimated cost to hold: a decimal string or a number; rounded half-up to 10 fraction digits. */
  holdUsd: string | number;
  /** The gateway's id for the upstream request: the charge with the same id settles the hold. */
  requestId: string;
}

/** A hold as its callers see it; `state` is `expired` for a hold that stopped counting unsettled. */
export interface HoldInfo {
  id: number;
  requestId: string;
  userId: number;
  platform: Platform;
  amountUsd: Money;
  state: HoldState;
  createdAt: Date;
  expiresAt: Date;
}

/** A check that reserved: `hold` when granted, with `duplicate` when it had been reserved before. */
export interface ReserveResult extends CheckResult {
  hold?: HoldInfo & { duplicate: boolean };
  /** The amount asked for. */
  holdUsd: Money;
}

/** A release's answer: the hold as it is now; `duplicate` when it was not this call that released it. */
export type ReleaseResult = HoldInfo & { duplicate: boolean };

@Injectable()
export class BillingService implements OnApplicationShutdown {
  private readonly logger = new Logger('Billing');
  private readonly charges: GroupCommitQueue<ChargeRequest, RecordedCharge>;
  private readonly lookups: GroupCommitQueue<QuotaKey, QuotaLookup>;
  private readonly reserves: GroupCommitQueue<HoldRequest, HoldDecision>;
  private readonly releases: GroupCommitQueue<string, ReleasedHold | null>;
  private readonly queryTimeoutMs: number;
  /** When (performance.now()) this instance last swept old holds, and the sweep under way. */
  private sweptAt = -Infinity;
  private sweeping?: Promise<void>;

  constructor(
    private readonly store: BillingStore,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    const { batchMax, batchesInFlight, queueMax, queryTimeoutMs, holdTtlSeconds } = config.billing;
    this.queryTimeoutMs = queryTimeoutMs;
    const batch = new ChargeBatch(store, windows, clock, queryTimeoutMs);
    const holds = new HoldBatch(store, windows, clock, holdTtlSeconds * 1000, queryTimeoutMs);
    const queue = {
      maxBatch: batchMax,
      maxInFlight: batchesInFlight,
      maxQueued: queueMax,
      overloadedError: overloaded,
      closedError: shuttingDown,
      shedsQueueOn: isUnavailable,
    };
    // Charges of one row stay in one batch, in order, when a burst is shared among batches.
    this.charges = new GroupCommitQueue((items) => batch.run(items), {
      ...queue,
      keyOf: (charge) => `${charge.userId}:${charge.platform}`,
      onBatch: (size, seconds) => metrics.batchDone('charge', size, seconds),
    });
    this.lookups = new GroupCommitQueue((keys) => this.lookupBatch(keys, queryTimeoutMs), {
      ...queue,
      onBatch: (size, seconds) => metrics.batchDone('check', size, seconds),
    });
    // Reserves of one row stay in one batch, in order, as charges do.
    this.reserves = new GroupCommitQueue((items) => this.afterHoldBatch(holds.run(items)), {
      ...queue,
      keyOf: (hold) => `${hold.userId}:${hold.platform}`,
      onBatch: (size, seconds) => metrics.batchDone('reserve', size, seconds),
    });
    this.releases = new GroupCommitQueue((ids) => this.afterHoldBatch(this.releaseBatch(ids, queryTimeoutMs)), {
      ...queue,
      onBatch: (size, seconds) => metrics.batchDone('release', size, seconds),
    });
    metrics.watchQueue('charge', () => this.charges.waiting);
    metrics.watchQueue('check', () => this.lookups.waiting);
    metrics.watchQueue('reserve', () => this.reserves.waiting);
    metrics.watchQueue('release', () => this.releases.waiting);
    metrics.watchPool('billing', () => store.poolCounts());
  }

  /** Allowed, or refused with the first exhausted window; never throws for a refusal. */
  async check(userId: number, platform: string): Promise<CheckResult> {
    const key = { userId: requireUserId(userId), platform: requirePlatform(platform) };
    const found = await this.lookups.submit(key);
    if (!found.userExists) throw userNotFound(key.userId);
    const checkedAt = this.clock.now();
    const windows = quotaState(found.quota, this.windows, checkedAt, found.held);
    const refusedBy = firstExhausted(windows);
    if (refusedBy) this.metrics.checkRefused(key.platform, refusedBy);
    // Written out: on Node 20's V8, a spread followed by more properties costs microseconds.
    return {
      userId: key.userId,
      platform: key.platform,
      allowed: refusedBy === undefined,
      refusedBy,
      windows,
      held: found.held,
      checkedAt,
    };
  }

  /**
   * A check that holds `holdUsd` under `requestId` in the same step: granted only when, in every
   * limited window, the usage plus what is held plus this hold stays within the limit (and the
   * window is not exhausted: a limit of 0 never grants). Refused: `allowed` false, nothing held,
   * never thrown. The same request id again returns the hold reserved first (`duplicate`); with a
   * different user, platform or amount, or an id already charged without a hold, it throws the 409
   * IDEMPOTENCY_KEY_REUSED.
   */
  async reserve(input: ReserveInput): Promise<ReserveResult> {
    return this.reserveChecked({
      userId: requireUserId(input.userId),
      platform: requirePlatform(input.platform),
      amountUsd: parseCost(input.holdUsd, 'holdUsd'),
      requestId: requireRequestId(input.requestId),
    });
  }

  /** Like `reserve`, but a refusal throws the 429 error (with Retry-After) that gateways relay. */
  async assertReserved(input: ReserveInput): Promise<ReserveResult> {
    return throwIfRefused(await this.reserve(input));
  }

  /** `reserve` for callers that have checked the request already (the internal HTTP API). */
  async reserveChecked(request: HoldRequest): Promise<ReserveResult> {
    const decision = await this.reserves.submit(request);
    const { userId, platform } = request;
    const windows = quotaState(decision.quota, this.windows, decision.decidedAt, decision.held);
    const { held, decidedAt: checkedAt } = decision;
    // Written out, as in check().
    if (decision.refusedBy) {
      this.metrics.checkRefused(platform, decision.refusedBy);
      this.metrics.holdsCounted(platform, 'refused');
      const refusedBy = decision.refusedBy;
      return { userId, platform, windows, held, checkedAt, allowed: false, refusedBy, holdUsd: request.amountUsd };
    }
    if (!decision.duplicate) this.metrics.holdsCounted(platform, 'granted');
    const hold = holdInfo(decision.hold!, checkedAt, decision.duplicate);
    return { userId, platform, windows, held, checkedAt, allowed: true, hold, holdUsd: request.amountUsd };
  }

  /**
   * Releases the hold reserved under `requestId` (for a request that never reached the upstream):
   * it stops counting at once. Idempotent: a hold released before, settled by its charge or expired
   * is returned as it is, with `duplicate`. No hold under the id: 404 HOLD_NOT_FOUND.
   */
  async release(requestId: string): Promise<ReleaseResult> {
    const id = requireRequestId(requestId);
    const found = await this.releases.submit(id);
    if (!found) throw holdNotFound(id);
    if (found.releasedNow) this.metrics.holdsCounted(found.platform, 'released');
    return holdInfo(found, this.clock.now(), !found.releasedNow);
  }

  /** Like `check`, but a refusal throws the 429 error (with Retry-After) that gateways relay. */
  async assertAllowed(userId: number, platform: string): Promise<CheckResult> {
    return throwIfRefused(await this.check(userId, platform));
  }

  /**
   * Adds the cost to the three windows of (user, platform), limited or not, creating the row when
   * there is none. Idempotent by request id: a repeat returns the first result as a duplicate.
   */
  async charge(input: ChargeInput): Promise<ChargeResult> {
    let request: ChargeRequest;
    try {
      request = {
        userId: requireUserId(input.userId),
        platform: requirePlatform(input.platform),
        costUsd: parseCost(input.costUsd, 'costUsd'),
        requestId: requireRequestId(input.requestId),
      };
    } catch (error) {
      this.metrics.chargeAnswered(String(input.platform), 'refused-input');
      throw error;
    }
    return this.record(request);
  }

  /**
   * `charge` for callers that have checked the charge already, as the internal HTTP API's
   * compiled schema has (the cost already Money): nothing is checked twice. A promise chain, not
   * an async function: under load thousands of charges wait here for their batches at once.
   */
  record(request: ChargeRequest): Promise<ChargeResult> {
    return this.charges.submit(request).then(
      (result) => {
        this.countRecorded(request.platform, result);
        return result;
      },
      (error: unknown) => {
        this.metrics.chargeAnswered(request.platform, outcomeOf(error));
        throw error;
      },
    );
  }

  /**
   * `record` for many charges at once (the internal batch endpoint): one promise for all of
   * them, each charge with its own outcome, in order.
   */
  async recordAll(requests: ChargeRequest[]): Promise<Outcome<ChargeResult>[]> {
    const outcomes = await this.charges.submitAll(requests);
    outcomes.forEach((outcome, i) => {
      const { platform } = requests[i];
      if (outcome.ok) this.countRecorded(platform, outcome.value);
      else this.metrics.chargeAnswered(platform, outcomeOf(outcome.error));
    });
    return outcomes;
  }

  private countRecorded(platform: Platform, result: ChargeResult): void {
    this.metrics.chargeAnswered(platform, result.duplicate ? 'duplicate' : 'recorded');
    if (result.settledHold) this.metrics.holdsCounted(platform, 'settled');
  }

  /** Charges still queued when the process stops are written before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.charges.close(), this.lookups.close(), this.reserves.close(), this.releases.close()]);
    await this.sweeping;
    await this.store.close();
  }

  private async lookupBatch(keys: QuotaKey[], timeoutMs: number): Promise<Outcome<QuotaLookup>[]> {
    try {
      const found = await this.store.lookup(keys, this.clock.now(), { timeoutMs });
      return found.map((value) => ({ ok: true, value }));
    } catch (error) {
      const failure = isTransientError(error) ? databaseUnavailable(error) : error;
      return keys.map(() => ({ ok: false, error: failure }));
    }
  }

  private async releaseBatch(ids: string[], timeoutMs: number): Promise<Outcome<ReleasedHold | null>[]> {
    try {
      const found = await this.store.release([...new Set(ids)], this.clock.now(), { timeoutMs });
      const byId = new Map(found.map((hold) => [hold.requestId, hold]));
      // A repeated id in one batch: the first is the one that released it, the others are repeats.
      const answered = new Set<string>();
      return ids.map((id) => {
        const hold = byId.get(id);
        if (!hold) return { ok: true, value: null };
        const value = answered.has(id) ? { ...hold, releasedNow: false } : hold;
        answered.add(id);
        return { ok: true, value };
      });
    } catch (error) {
      const failure = isTransientError(error) ? databaseUnavailable(error) : error;
      return ids.map(() => ({ ok: false, error: failure }));
    }
  }

  /**
   * Once a batch of reserves or releases is done, at most once a minute per instance, a sweep marks
   * the holds that expired unsettled (counted as expired) and deletes those expired for more than
   * a day. Nothing waits for it and nothing depends on it: every sum filters holds by expiry.
   */
  private async afterHoldBatch<O>(batch: Promise<O>): Promise<O> {
    const outcomes = await batch;
    if (!this.sweeping && performance.now() - this.sweptAt >= SWEEP_INTERVAL_MS) {
      this.sweptAt = performance.now();
      this.sweeping = this.sweep().finally(() => (this.sweeping = undefined));
    }
    return outcomes;
  }

  private async sweep(): Promise<void> {
    const now = this.clock.now();
    try {
      const expired = await this.store.sweepHolds(now, new Date(now.getTime() - HOLD_RETENTION_MS), {
        timeoutMs: this.queryTimeoutMs,
      });
      for (const [platform, count] of expired) this.metrics.holdsCounted(platform, 'expired', count);
    } catch (error) {
      this.logger.warn(`Sweeping old holds failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** A refused check or reserve as the 429 error, naming the first exhausted window; else the result. */
export function throwIfRefused<R extends CheckResult & { holdUsd?: Money }>(result: R): R {
  if (result.refusedBy) {
    const state = result.windows[result.refusedBy];
    throw quotaExhausted(result.platform, result.refusedBy, state, result.checkedAt, result.holdUsd);
  }
  return result;
}

function holdInfo(hold: StoredHold, now: Date, duplicate: boolean): HoldInfo & { duplicate: boolean } {
  const expired = hold.state === 'held' && hold.expiresAt.getTime() <= now.getTime();
  return {
    id: hold.id,
    requestId: hold.requestId,
    userId: hold.userId,
    platform: hold.platform,
    amountUsd: hold.amountUsd,
    state: expired ? 'expired' : hold.state,
    createdAt: hold.createdAt,
    expiresAt: hold.expiresAt,
    duplicate,
  };
}

/** How a failed charge is counted: a refusal of its input (4xx), a 503 to retry, or an error. */
function outcomeOf(error: unknown): ChargeOutcome {
  if (!(error instanceof DomainError)) return 'error';
  return error.status === 503 ? 'unavailable' : error.status < 500 ? 'refused-input' : 'error';
}

function isUnavailable(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'DATABASE_UNAVAILABLE';
}

function requireUserId(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  throw DomainError.field('userId', 'userId must be a positive integer');
}

function requirePlatform(value: unknown): Platform {
  if (isPlatform(value)) return value;
  throw DomainError.field('platform', `platform must be one of: ${PLATFORMS.join(', ')}`);
}

function requireRequestId(value: unknown): string {
  if (typeof value === 'string' && REQUEST_ID_PATTERN.test(value)) return value;
  throw DomainError.field('requestId', `requestId ${REQUEST_ID_RULE}`);
}
