/**
 * Runs one group-commit batch of reserves: decides, from figures read as the counter rows stand
 * when the holds are written, which holds fit, in the order they came, and gives every reserve
 * its own outcome.
 * A batch that loses a race it can win by running again (a deadlock) is run again.
 */
import { Clock } from '../common/clock.js';
import { WINDOWS, type QuotaWindow } from '../common/domain.constants.js';
import { type Money } from '../common/money.js';
import {
  databaseUnavailable,
  driverError,
  isTransientError,
  PG_DEADLOCK_DETECTED,
  PG_SERIALIZATION_FAILURE,
} from '../common/pg-errors.js';
import { STORED_FIELDS, type StoredQuota } from '../quota/quota-state.js';
import { QuotaWindows } from '../quota/windows.js';
import { userNotFound } from '../users/users.errors.js';
import { chargeKeyReused, holdKeyReused } from './billing.errors.js';
import type { HoldRequest, HoldSnapshot, QuotaKey, QuotaLookup, StoredHold } from './billing-store.js';
import { BillingStore } from './billing-store.js';
import type { Outcome } from './group-commit-queue.js';

/** Attempts per batch when it loses a race it can win by running again. */
const MAX_ATTEMPTS = 5;

/** Optimistic attempts for a pair whose counter row other writers keep changing, before locks. */
export const OPTIMISTIC_ATTEMPTS = 3;

/** A reserve's answer: granted (a new hold, or the one reserved before under its id) or refused. */
export interface HoldDecision {
  /** The hold granted now or found under the request id; absent when refused. */
  hold?: StoredHold;
  /** True when the hold had been reserved before under this request id: nothing was reserved now. */
  duplicate: boolean;
  /** The first window the hold did not fit in (daily, weekly, monthly), when refused. */
  refusedBy?: QuotaWindow;
  /** The locked counter row (null: unlimited). */
  quota: StoredQuota | null;
  /** What the live holds of (user, platform) keep once this reserve is decided (this hold included). */
  held: Money;
  decidedAt: Date;
}

export class HoldBatch {
  constructor(
    private readonly store: BillingStore,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
    private readonly ttlMs: number,
    private readonly timeoutMs: number,
  ) {}

  async run(items: HoldRequest[]): Promise<Outcome<HoldDecision>[]> {
    // One request id is decided once per batch; its repeats share that decision.
    const first = new Map<string, HoldRequest>();
    for (const item of items) if (!first.has(item.requestId)) first.set(item.requestId, item);
    const unique = [...first.values()];
    let decided: Map<string, Outcome<HoldDecision>>;
    for (let attempt = 1; ; attempt++) {
      try {
        decided = await this.execute(unique);
        break;
      } catch (error) {
        if (attempt < MAX_ATTEMPTS && lostARace(error)) continue;
        const failure = isTransientError(error) ? databaseUnavailable(error) : error;
        return items.map(() => ({ ok: false, error: failure }));
      }
    }
    return items.map((item) => {
      const outcome = decided.get(item.requestId)!;
      if (first.get(item.requestId) === item || !outcome.ok || !outcome.value.hold) return outcome;
      return reuse(outcome.value, item);
    });
  }

  /**
   * Decides the batch optimistically, again for the pairs another writer changed meanwhile, and
   * under locks for those still left after OPTIMISTIC_ATTEMPTS (see billing.sql.ts).
   */
  private async execute(items: HoldRequest[]): Promise<Map<string, Outcome<HoldDecision>>> {
    const decided = new Map<string, Outcome<HoldDecision>>();
    let pending = items;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const conflicted = await this.attempt(pending, decided, attempt <= OPTIMISTIC_ATTEMPTS);
      pending = conflicted.size === 0 ? [] : pending.filter((item) => conflicted.has(keyOf(item)));
    }
    return decided;
  }

  /** Decides `items` into `decided` and writes the holds granted; returns the pairs to decide again. */
  private async attempt(
    items: HoldRequest[],
    decided: Map<string, Outcome<HoldDecision>>,
    optimistic: boolean,
  ): Promise<Set<string>> {
    const keys = lockOrder(items);
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    // Written out rather than spread from a shared base: on Node 20's V8 a spread followed by more
    // properties costs microseconds, as BillingService.check() notes.
    const decision = (
      pair: QuotaLookup,
      duplicate: boolean,
      hold?: StoredHold,
      refusedBy?: QuotaWindow,
    ): HoldDecision => ({
      hold,
      duplicate,
      refusedBy,
      quota: pair.quota,
      held: pair.held,
      decidedAt: now,
    });
    const decide = ({ quotas, found, charged }: HoldSnapshot) => {
      const granted: HoldRequest[] = [];
      for (const item of items) {
        const pair = quotas.get(keyOf(item))!;
        const recorded = found.get(item.requestId);
        if (recorded) {
          decided.set(item.requestId, reuse(decision(pair, true, recorded), item));
          continue;
        }
        const charge = charged.get(item.requestId);
        if (charge) {
          decided.set(item.requestId, { ok: false, error: chargeKeyReused(item.requestId, charge) });
          continue;
        }
        if (!pair.userExists) {
          decided.set(item.requestId, { ok: false, error: userNotFound(item.userId) });
          continue;
        }
        const refusedBy = this.refusal(pair.quota, pair.held, item.amountUsd, now);
        if (refusedBy) {
          decided.set(item.requestId, { ok: true, value: decision(pair, false, undefined, refusedBy) });
          continue;
        }
        pair.held = pair.held.plus(item.amountUsd);
        granted.push(item);
        // The id is the one the write gives it.
        const hold: StoredHold = {
          id: 0,
          requestId: item.requestId,
          userId: item.userId,
          platform: item.platform,
          amountUsd: item.amountUsd,
          state: 'held',
          createdAt: now,
          expiresAt,
        };
        decided.set(item.requestId, { ok: true, value: decision(pair, false, hold) });
      }
      return { granted, createdAt: now, expiresAt };
    };
    const requestIds = items.map((item) => item.requestId);
    const options = { timeoutMs: this.timeoutMs };
    const written = optimistic
      ? await this.store.reserveOptimistic(keys, requestIds, now, decide, options)
      : { ...(await this.store.reserveBatch(keys, requestIds, now, decide, options)), conflicted: new Set<string>() };
    for (const { requestId, id } of written.inserted) {
      const outcome = decided.get(requestId)!;
      if (outcome.ok) outcome.value.hold!.id = id;
    }
    // Reserved by another writer between our look-up and our insert: answered as a repeat.
    const byId = new Map(items.map((item) => [item.requestId, item]));
    for (const hold of written.taken) {
      const outcome = decided.get(hold.requestId)!;
      if (!outcome.ok) continue;
      decided.set(hold.requestId, reuse({ ...outcome.value, hold, duplicate: true }, byId.get(hold.requestId)!));
    }
    return written.conflicted;
  }

  /**
   * The first window (daily, weekly, monthly) in which `amount` does not fit beside the usage and
   * what is held (a disabled one first): a hold is granted only while the window is not exhausted
   * (`usage + held < limit`, so a limit of 0 never grants) and `usage + held + amount <= limit`.
   */
  private refusal(quota: StoredQuota | null, held: Money, amount: Money, now: Date): QuotaWindow | undefined {
    if (!quota) return undefined;
    // A disabled window is named first, as a check names it.
    const disabled = WINDOWS.find((w) => quota[STORED_FIELDS[w].limit]?.isZero());
    if (disabled) return disabled;
    return WINDOWS.find((w) => {
      const fields = STORED_FIELDS[w];
      const limit = quota[fields.limit];
      if (limit === null) return false;
      const usage = this.windows.effectiveUsage(w, quota[fields.usage], quota[fields.start], now);
      const used = usage.plus(held);
      return !used.lt(limit) || used.plus(amount).gt(limit);
    });
  }
}

function keyOf(key: QuotaKey): string {
  return `${key.userId}:${key.platform}`;
}

/** The distinct pairs of a batch in lock order (user id, then platform), as the charge batch locks them. */
function lockOrder(items: HoldRequest[]): QuotaKey[] {
  const pairs = new Map<string, QuotaKey>();
  for (const { userId, platform } of items) pairs.set(`${userId}:${platform}`, { userId, platform });
  return [...pairs.values()].sort(
    (a, b) => a.userId - b.userId || (a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : 0),
  );
}

function lostARace(error: unknown): boolean {
  const { code } = driverError(error);
  return code === PG_DEADLOCK_DETECTED || code === PG_SERIALIZATION_FAILURE;
}

/**
 * A request id reserved before: the same reserve gets that hold as a duplicate; a different one
 * (user, platform or amount) is refused.
 */
function reuse(decision: HoldDecision, item: HoldRequest): Outcome<HoldDecision> {
  const hold = decision.hold!;
  const same = hold.userId === item.userId && hold.platform === item.platform && hold.amountUsd.eq(item.amountUsd);
  if (same) return { ok: true, value: { ...decision, duplicate: true } };
  return { ok: false, error: holdKeyReused(item.requestId, hold) };
}
