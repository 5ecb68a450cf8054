/**
 * Runs one group-commit batch of charges and gives every charge its own outcome: retries the
 * batch when a concurrent writer got there first, splits it when one charge makes the statement
 * fail (so only that charge fails, with its own error), and reports a lost database as 503.
 */
import { Logger } from '@nestjs/common';

import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import {
  databaseUnavailable,
  driverError,
  isDataError,
  isTransientError,
  PG_CHECK_VIOLATION,
  PG_DEADLOCK_DETECTED,
  PG_FOREIGN_KEY_VIOLATION,
  PG_NUMERIC_VALUE_OUT_OF_RANGE,
  PG_SERIALIZATION_FAILURE,
  PG_UNIQUE_VIOLATION,
} from '../common/pg-errors.js';
import { QuotaWindows } from '../quota/windows.js';
import { userNotFound } from '../users/users.errors.js';
import { idempotencyKeyReused, usageOutOfRange } from './billing.errors.js';
import { BillingStore, ChargeRequest, RecordedCharge } from './billing-store.js';
import type { Outcome } from './group-commit-queue.js';
import { QUOTA_CHARGES_REQUEST_ID_UQ } from './quota-charge.entity.js';

/** Attempts per batch when it loses a race it can win by running again. */
const MAX_ATTEMPTS = 5;

/**
 * How long after a repeated request id batches look their ids up before writing: a gateway
 * retrying after an outage repeats many ids at once, and a batch that takes them to be new fails
 * and runs again.
 */
const LOOK_UP_AFTER_REPEAT_MS = 1000;

export class ChargeBatch {
  private readonly logger = new Logger('Billing');
  /** Until when (performance.now()) batches look their request ids up first. */
  private lookUpUntil = 0;

  constructor(
    private readonly store: BillingStore,
    private readonly windows: QuotaWindows,
    private readonly clock: Clock,
    private readonly timeoutMs: number,
  ) {}

  async run(charges: ChargeRequest[]): Promise<Outcome<RecordedCharge>[]> {
    // One request id goes to the database once per batch; its repeats share that outcome.
    const first = new Map<string, number>();
    const unique: ChargeRequest[] = [];
    for (const charge of charges) {
      if (!first.has(charge.requestId)) {
        first.set(charge.requestId, unique.length);
        unique.push(charge);
      }
    }
    const outcomes = await this.isolate(unique);
    return charges.map((charge, i) => {
      const index = first.get(charge.requestId)!;
      const outcome = outcomes[index];
      if (unique[index] === charges[i] || !outcome.ok) return outcome;
      return reuse(outcome.value, charge);
    });
  }

  /**
   * Runs the charges. When the statement fails on its input (a data or integrity error), one of
   * them is to blame: halve the batch until only that one fails. Any other failure is the same
   * for every charge: 503 when it is transient, a logged 500 otherwise.
   */
  private async isolate(charges: ChargeRequest[]): Promise<Outcome<RecordedCharge>[]> {
    try {
      return await this.execute(charges);
    } catch (error) {
      if (!isDataError(error) || charges.length === 1) {
        const failure = this.chargeError(error, charges);
        return charges.map(() => ({ ok: false, error: failure }));
      }
      const middle = Math.ceil(charges.length / 2);
      return [...(await this.isolate(charges.slice(0, middle))), ...(await this.isolate(charges.slice(middle)))];
    }
  }

  /**
   * Runs the batch statement until every charge has its answer; this is its protocol with the
   * ledger. Most request ids are new, so CHARGE_BATCH_SQL does not look them up: a repeated one
   * makes its ledger insert fail with a unique violation, which undoes the whole statement. The
   * batch then runs CHARGE_BATCH_LOOKED_UP_SQL, which first looks the ids up in the ledger; when
   * it finds any, it writes nothing and returns just those, whole. They are answered here (the
   * same charge: the recorded result, as a duplicate; another charge under the id: 409), and the
   * others are sent again, since their rows' sums were computed with the repeats. A charge absent
   * from a result that did not look has an unknown or deleted user, or repeats the id of a charge
   * whose user is gone since: it is sent again, looked up, before it is answered 404. For a second
   * after a repeat, batches look their ids up first, since retries come in waves. A run that loses
   * a race to another writer (a deadlock, an id recorded meanwhile) is repeated.
   */
  private async execute(charges: ChargeRequest[]): Promise<Outcome<RecordedCharge>[]> {
    const answers = new Map<string, RecordedCharge>();
    let pending = charges;
    let lookUpFirst = performance.now() < this.lookUpUntil;
    for (let attempt = 1; pending.length > 0;) {
      const now = this.clock.now();
      let rows: RecordedCharge[];
      try {
        rows = await this.store.chargeBatch(pending, this.windows.bounds(now), now, {
          timeoutMs: this.timeoutMs,
          lookUpFirst,
        });
      } catch (error) {
        if (attempt++ >= MAX_ATTEMPTS || !lostARace(error)) throw error;
        if (driverError(error).code === PG_UNIQUE_VIOLATION) this.sawRepeat();
        lookUpFirst = true;
        continue;
      }
      rows.forEach((row) => answers.set(row.requestId, row));
      const wroteNothing = rows.some((row) => row.duplicate);
      if (wroteNothing) this.sawRepeat();
      const missing = pending.filter((charge) => !answers.has(charge.requestId));
      pending = wroteNothing || !lookUpFirst ? missing : [];
      lookUpFirst = true;
    }
    return charges.map((charge) => {
      const row = answers.get(charge.requestId);
      if (!row) return { ok: false, error: userNotFound(charge.userId) };
      return row.duplicate ? reuse(row, charge) : { ok: true, value: row };
    });
  }

  /** For a while after a repeated request id, batches look their ids up first. */
  private sawRepeat(): void {
    this.lookUpUntil = performance.now() + LOOK_UP_AFTER_REPEAT_MS;
  }

  /** The error every charge of a failed statement gets; for a single charge, what it did wrong. */
  private chargeError(error: unknown, charges: ChargeRequest[]): DomainError {
    if (isTransientError(error)) return databaseUnavailable(error);
    const [charge] = charges;
    if (charges.length === 1) {
      switch (driverError(error).code) {
        case PG_NUMERIC_VALUE_OUT_OF_RANGE:
          return usageOutOfRange(charge.requestId);
        case PG_FOREIGN_KEY_VIOLATION:
          return userNotFound(charge.userId);
        case PG_CHECK_VIOLATION:
          return DomainError.field('platform', `platform ${charge.platform} is not allowed by the database`);
      }
    }
    const which = charges.length === 1 ? `Charge ${charge.requestId}` : `A batch of ${charges.length} charges`;
    this.logger.error(`${which} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new DomainError('INTERNAL_ERROR', 'Internal server error');
  }
}

/**
 * One of our request ids is in the ledger already (recorded before, or by another writer after
 * our snapshot), or two batches collided on rows: running the batch again, looking the ids up
 * first, resolves both.
 */
function lostARace(error: unknown): boolean {
  const { code, constraint } = driverError(error);
  return (
    (code === PG_UNIQUE_VIOLATION && constraint === QUOTA_CHARGES_REQUEST_ID_UQ) ||
    code === PG_DEADLOCK_DETECTED ||
    code === PG_SERIALIZATION_FAILURE
  );
}

/**
 * A request id seen before: the same charge gets the recorded result marked as a duplicate; a
 * different charge under the same id is refused.
 */
function reuse(recorded: RecordedCharge, charge: ChargeRequest): Outcome<RecordedCharge> {
  const same =
    recorded.userId === charge.userId && recorded.platform === charge.platform && recorded.costUsd.eq(charge.costUsd);
  if (same) return { ok: true, value: { ...recorded, duplicate: true } };
  return { ok: false, error: idempotencyKeyReused(charge.requestId, recorded) };
}
