/**
 * Group commit: callers submit items and wait; whenever no batch is in flight, everything queued
 * (up to `maxBatch`) goes out as one batch, and each caller's promise settles with its own
 * outcome once that batch is done. Under load, batches grow by themselves while the previous one
 * is in flight; alone, an item waits only for the end of the current microtask.
 */

/** What a batch runner returns for each item, in order: a value, or the error of that item alone. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Waiter<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

export interface QueueOptions {
  maxBatch: number;
  /** The error a submit gets once the queue is closed. */
  closedError: () => Error;
  /**
   * When every item of a batch failed with such an error (the database is gone), the items queued
   * meanwhile get the same error at once instead of each waiting to fail the same way.
   */
  shedsQueueOn: (error: unknown) => boolean;
}

export class GroupCommitQueue<I, O> {
  private queue: Waiter<I, O>[] = [];
  private inFlight: Promise<void> | undefined;
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<Outcome<O>[]>,
    private readonly options: QueueOptions,
  ) {}

  submit(item: I): Promise<O> {
    if (this.closed) return Promise.reject(this.options.closedError());
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.inFlight && !this.scheduled) {
        this.scheduled = true;
        // Items submitted in the same tick (a loop over a batch request) share the first batch.
        queueMicrotask(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  /** Refuses new items and waits until every queued one has been run. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    while (this.inFlight) await this.inFlight;
  }

  private flush(): void {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = this.run(this.queue.splice(0, this.options.maxBatch));
  }

  private async run(batch: Waiter<I, O>[]): Promise<void> {
    let outcomes: Outcome<O>[];
    try {
      outcomes = await this.runBatch(batch.map((w) => w.item));
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    const [first] = outcomes;
    const shed =
      !first.ok && outcomes.every((o) => !o.ok && this.options.shedsQueueOn(o.error)) ? this.queue.splice(0) : [];
    // The next batch leaves before this one's callers resume, so the database works on it while
    // this process hands out results.
    this.inFlight = undefined;
    this.flush();
    batch.forEach((waiter, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) waiter.resolve(outcome.value);
      else waiter.reject(outcome.error);
    });
    if (!first.ok) shed.forEach((waiter) => waiter.reject(first.error));
  }
}
