/** The errors of the hot path, each with its stable code (statuses are in common/domain-error.ts). */
import type { QuotaWindow } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { formatMoney, type Money } from '../common/money.js';
import type { WindowState } from '../quota/quota-state.js';

/** Whole seconds a refused caller is told to wait when the reset time is unknown or past. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;

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

/**
 * The 429 a refused check answers: the window, its figures (with what live holds keep, and the
 * hold asked for when there was one), and Retry-After until it resets. A disabled window (limit 0)
 * says so (`disabled: true`) and gives neither Retry-After nor a reset time: waiting does not lift
 * it, only an admin does.
 */
export function quotaExhausted(
  platform: string,
  window: QuotaWindow,
  state: WindowState,
  checkedAt: Date,
  holdUsd?: Money,
): DomainError {
  const limit = state.limit as Money;
  const disabled = limit.isZero();
  const seconds = state.resetsAt ? Math.ceil((state.resetsAt.getTime() - checkedAt.getTime()) / 1000) : 0;
  return new DomainError(EXHAUSTED_CODES[window], EXHAUSTED_MESSAGES[window], {
    retryAfterSeconds: disabled ? undefined : seconds > 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS,
    details: {
      platform,
      window,
      limit_usd: formatMoney(limit),
      usage_usd: formatMoney(state.usage),
      held_usd: formatMoney(state.held),
      ...(holdUsd ? { hold_usd: formatMoney(holdUsd) } : {}),
      disabled,
      resets_at: disabled ? null : (state.resetsAt?.toISOString() ?? null),
    },
  });
}

export function overloaded(): DomainError {
  return new DomainError('OVERLOADED', 'Too many billing requests are waiting for the database; retry in a moment.', {
    retryAfterSeconds: 1,
  });
}

/** A request id already recorded for another (user, platform, cost). */
export function idempotencyKeyReused(
  requestId: string,
  recorded: { userId: number; platform: string; costUsd: Money },
  message = `Request id ${requestId} was already used for a different charge.`,
): DomainError {
  return new DomainError('IDEMPOTENCY_KEY_REUSED', message, {
    details: {
      request_id: requestId,
      recorded: { user_id: recorded.userId, platform: recorded.platform, cost_usd: formatMoney(recorded.costUsd) },
    },
  });
}

export function usageOutOfRange(requestId: string): DomainError {
  return new DomainError('USAGE_OUT_OF_RANGE', 'This charge would take the usage beyond what DECIMAL(20,10) holds.', {
    details: { request_id: requestId },
  });
}

/** A request id already reserved for another (user, platform, amount). */
export function holdKeyReused(
  requestId: string,
  recorded: { userId: number; platform: string; amountUsd: Money },
): DomainError {
  return new DomainError('IDEMPOTENCY_KEY_REUSED', `Request id ${requestId} was already used for a different hold.`, {
    details: {
      request_id: requestId,
      recorded: { user_id: recorded.userId, platform: recorded.platform, hold_usd: formatMoney(recorded.amountUsd) },
    },
  });
}

/**
 * A request id already charged (without a hold under it): a hold reserved now would never be
 * settled, and would keep its amount from the user until it expired.
 */
export function chargeKeyReused(
  requestId: string,
  recorded: { userId: number; platform: string; costUsd: Money },
): DomainError {
  return idempotencyKeyReused(
    requestId,
    recorded,
    `Request id ${requestId} was already charged; a hold cannot be reserved under it.`,
  );
}

export function holdNotFound(requestId: string): DomainError {
  return new DomainError('HOLD_NOT_FOUND', `No hold was reserved under request id ${requestId}.`, {
    details: { request_id: requestId },
  });
}
