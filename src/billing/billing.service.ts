/**
 * What a gateway calls around each upstream request: `check` before (may this user spend on
 * this platform now?) and `charge` after (what it cost). Both are group-committed: concurrent
 * calls share one statement, and each caller gets its own answer once that statement is done.
 * Other Nest modules call this service directly, without the HTTP layer's validation, so it
 * checks its own inputs (ids, platform, cost, request id) and refuses bad ones with a 400 error.
 */
import { Injectable, OnApplicationShutdown } from '@nestjs/common';

import { Clock } from '../common/clock.js';
import { isPlatform, PLATFORMS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { parseCost } from '../common/money.js';
import { databaseUnavailable, isTransientError } from '../common/pg-errors.js';
import { AppConfig } from '../config/app-config.js';
import { type ChargeOutcome, Metrics } from '../metrics/metrics.js';
import { firstExhausted, QuotaState, quotaState } from '../quota/quota-state.js';
import { QuotaWindows } from '../quota/windows.js';
import { userNotFound } from '../users/users.errors.js';
import { shuttingDown } from '../http/shutdown.js';
import { overloaded, quotaExhausted } from './billing.errors.js';
import { REQUEST_ID_PATTERN, REQUEST_ID_RULE } from './billing.schemas.js';
import { BillingStore, ChargeRequest, QuotaKey, QuotaLookup, RecordedCharge } from './billing-store.js';
import { ChargeBatch } from './charge-batch.js';
import { GroupCommitQueue, Outcome } from './group-commit-queue.js';

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
  checkedAt: Date;
}

@Injectable()
export class BillingService implements OnApplicationShutdown {
  private readonly charges: GroupCommitQueue<ChargeRequest, RecordedCharge>;
  private readonly lookups: GroupCommitQueue<QuotaKey, QuotaLookup>;

  constructor(
    private readonly store: BillingStore,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
    config: AppConfig,
  ) {
    const { batchMax, batchesInFlight, queueMax, queryTimeoutMs } = config.billing;
    const batch = new ChargeBatch(store, windows, clock, queryTimeoutMs);
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
    metrics.watchQueue('charge', () => this.charges.waiting);
    metrics.watchQueue('check', () => this.lookups.waiting);
    metrics.watchPool('billing', () => store.poolCounts());
  }

  /** Allowed, or refused with the first exhausted window; never throws for a refusal. */
  async check(userId: number, platform: string): Promise<CheckResult> {
    const key = { userId: requireUserId(userId), platform: requirePlatform(platform) };
    const found = await this.lookups.submit(key);
    if (!found.userExists) throw userNotFound(key.userId);
    const checkedAt = this.clock.now();
    const windows = quotaState(found.quota, this.windows, checkedAt);
    const refusedBy = firstExhausted(windows);
    if (refusedBy) this.metrics.checkRefused(key.platform, refusedBy);
    return { ...key, allowed: refusedBy === undefined, refusedBy, windows, checkedAt };
  }

  /** Like `check`, but a refusal throws the 429 error (with Retry-After) that gateways relay. */
  async assertAllowed(userId: number, platform: string): Promise<CheckResult> {
    const result = await this.check(userId, platform);
    if (result.refusedBy) {
      throw quotaExhausted(result.platform, result.refusedBy, result.windows[result.refusedBy], result.checkedAt);
    }
    return result;
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
   * compiled schema has (the cost already Money): nothing is checked twice.
   */
  async record(request: ChargeRequest): Promise<ChargeResult> {
    try {
      const result = await this.charges.submit(request);
      this.metrics.chargeAnswered(request.platform, result.duplicate ? 'duplicate' : 'recorded');
      return result;
    } catch (error) {
      this.metrics.chargeAnswered(request.platform, outcomeOf(error));
      throw error;
    }
  }

  /** Charges still queued when the process stops are written before the database closes. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.charges.close(), this.lookups.close()]);
    await this.store.close();
  }

  private async lookupBatch(keys: QuotaKey[], timeoutMs: number): Promise<Outcome<QuotaLookup>[]> {
    try {
      const found = await this.store.lookup(keys, { timeoutMs });
      return found.map((value) => ({ ok: true, value }));
    } catch (error) {
      const failure = isTransientError(error) ? databaseUnavailable(error) : error;
      return keys.map(() => ({ ok: false, error: failure }));
    }
  }
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
