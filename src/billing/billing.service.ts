/**
 * What a gateway calls around each upstream request: `check` before (may this user spend on
 * this platform now?) and `charge` after (what it cost). Both are group-committed: concurrent
 * calls share one statement, and each caller gets its own answer once that statement is done.
 */
import { Injectable, OnApplicationShutdown } from '@nestjs/common';

import { Clock } from '../common/clock.js';
import { isPlatform, PLATFORMS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { formatMoney, type Money, parseCost } from '../common/money.js';
import { databaseUnavailable, isTransientError } from '../common/pg-errors.js';
import { AppConfig } from '../config/app-config.js';
import { ChargeRequest, QuotaKey, QuotaLookup, QuotaStore, RecordedCharge } from '../quota/quota-store.js';
import { firstExhausted, QuotaState, quotaState } from '../quota/quota-state.js';
import { QuotaWindows } from '../quota/windows.js';
import { userNotFound } from '../users/users.errors.js';
import { ChargeBatch } from './charge-batch.js';
import { GroupCommitQueue, Outcome } from './group-commit-queue.js';

export const MAX_REQUEST_ID_LENGTH = 255;
/**
 * 1 to 255 characters, none of them a control character (PostgreSQL text cannot hold NUL) nor a
 * lone surrogate (node-postgres would send it as U+FFFD: the id stored would not be the id given).
 */
export const REQUEST_ID_PATTERN = new RegExp(
  `^(?:[^\\u0000-\\u001f\\u007f\\ud800-\\udfff]|[\\ud800-\\udbff][\\udc00-\\udfff]){1,${MAX_REQUEST_ID_LENGTH}}$`,
);
export const REQUEST_ID_RULE = `must be 1 to ${MAX_REQUEST_ID_LENGTH} characters without control characters`;
/** Whole seconds a refused caller is told to wait when the reset time is unknown or past. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

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

const EXHAUSTED_MESSAGES: Record<QuotaWindow, string> = {
  daily: 'Daily usage quota exhausted for this platform.',
  weekly: 'Weekly usage quota exhausted for this platform.',
  monthly: 'Monthly usage quota exhausted for this platform.',
};

const EXHAUSTED_CODES = {
  daily: 'USER_PLATFORM_DAILY_QUOTA_EXHAUSTED',
  weekly: 'USER_PLATFORM_WEEKLY_QUOTA_EXHAUSTED',
  monthly: 'USER_PLATFORM_MONTHLY_QUOTA_EXHAUSTED',
} as const;

@Injectable()
export class BillingService implements OnApplicationShutdown {
  private readonly charges: GroupCommitQueue<ChargeRequest, RecordedCharge>;
  private readonly lookups: GroupCommitQueue<QuotaKey, QuotaLookup>;

  constructor(
    private readonly store: QuotaStore,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
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
    });
    this.lookups = new GroupCommitQueue((keys) => this.lookupBatch(keys, queryTimeoutMs), queue);
  }

  /** Allowed, or refused with the first exhausted window; never throws for a refusal. */
  async check(userId: number, platform: string): Promise<CheckResult> {
    const key = { userId: requireUserId(userId), platform: requirePlatform(platform) };
    const found = await this.lookups.submit(key);
    if (!found.userExists) throw userNotFound(key.userId);
    const checkedAt = this.clock.now();
    const windows = quotaState(found.quota, this.windows, checkedAt);
    const refusedBy = firstExhausted(windows);
    return { ...key, allowed: refusedBy === undefined, refusedBy, windows, checkedAt };
  }

  /** Like `check`, but a refusal throws the 429 error (with Retry-After) that gateways relay. */
  async assertAllowed(userId: number, platform: string): Promise<CheckResult> {
    const result = await this.check(userId, platform);
    if (result.refusedBy) throw exhausted(result, result.refusedBy);
    return result;
  }

  /**
   * Adds the cost to the three windows of (user, platform), limited or not, creating the row when
   * there is none. Idempotent by request id: a repeat returns the first result as a duplicate.
   */
  async charge(input: ChargeInput): Promise<ChargeResult> {
    return this.charges.submit({
      userId: requireUserId(input.userId),
      platform: requirePlatform(input.platform),
      costUsd: parseCost(input.costUsd, 'costUsd'),
      requestId: requireRequestId(input.requestId),
    });
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

function exhausted(result: CheckResult, window: QuotaWindow): DomainError {
  const state = result.windows[window];
  const seconds = state.resetsAt ? Math.ceil((state.resetsAt.getTime() - result.checkedAt.getTime()) / 1000) : 0;
  return new DomainError(EXHAUSTED_CODES[window], EXHAUSTED_MESSAGES[window], {
    retryAfterSeconds: seconds > 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS,
    details: {
      platform: result.platform,
      window,
      limit_usd: formatMoney(state.limit as Money),
      usage_usd: formatMoney(state.usage),
      resets_at: state.resetsAt?.toISOString() ?? null,
    },
  });
}

function isUnavailable(error: unknown): boolean {
  return error instanceof DomainError && error.code === 'DATABASE_UNAVAILABLE';
}

function overloaded(): DomainError {
  return new DomainError('OVERLOADED', 'Too many billing requests are waiting for the database; retry in a moment.', {
    retryAfterSeconds: 1,
  });
}

function shuttingDown(): DomainError {
  return new DomainError('SHUTTING_DOWN', 'The service is shutting down; retry on another instance.', {
    retryAfterSeconds: 1,
  });
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
