/**
 * Group commit: callers submit items and wait; whenever a batch may leave (fewer than
 * `maxInFlight` are running), what is queued (up to `maxBatch`) goes out as one batch, and each
 * caller's promise settles with its own outcome once that batch is done. Under load, batches grow
 * by themselves while others are in flight; alone, an item waits only for the end of the current
 * microtask.
 */

/** What a batch runner returns for each item, in order: a value, or the error of that item alone. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

/** An item waiting for its batch, and what to tell when the batch is done. */
interface Waiter<I, O> {
  item: I;
  settle(outcome: Outcome<O>): void;
}

/** The waiter of one `submit`: its promise. */
class PromisedWaiter<I, O> implements Waiter<I, O> {
  constructor(
    readonly item: I,
    private readonly resolve: (value: O) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  settle(outcome: Outcome<O>): void {
    if (outcome.ok) this.resolve(outcome.value);
    else this.reject(outcome.error);
  }
}

/** The items of one `submitAll`: one promise for all of them, settled when the last is done. */
class WaiterGroup<O> {
  private left: number;

  constructor(
    readonly outcomes: Outcome<O>[],
    private readonly resolve: (outcomes: Outcome<O>[]) => void,
  ) {
    this.left = outcomes.length;
  }

  settle(index: number, outcome: Outcome<O>): void {
    this.outcomes[index] = outcome;
    if (--this.left === 0) this.resolve(this.outcomes);
  }
}

/** One item of a `submitAll`. */
class GroupedWaiter<I, O> implements Waiter<I, O> {
  constructor(
    readonly item: I,
    private readonly group: WaiterGroup<O>,
    private readonly index: number,
  ) {}

  settle(outcome: Outcome<O>): void {
    this.group.settle(this.index, outcome);
  }
}

export interface QueueOptions<I> {
  maxBatch: number;
  /** Batches that may run at once (each on its own database connection). */
  maxInFlight: number;
  /**
   * When a burst is shared among batches, items with the same key go to the same batch, in the
   * order they came (the charges of one row in one request are then applied in order). Without
   * it, a burst is cut into consecutive parts. Batches that run at once may still hold the same
   * key (items that came at different times): their order is the order the database runs them in.
   */
  keyOf?: (item: I) => string;
  /**
   * The most items that may wait for a batch (not counting those in flight): past it, a submit
   * fails at once with `overloadedError` instead of waiting behind a database that cannot keep up.
   */
  maxQueued: number;
  overloadedError: () => Error;
  /** The error a submit gets once the queue is closed. */
  closedError: () => Error;
  /**
   * When every item of a batch failed with such an error (the database is gone), the items queued
   * meanwhile get the same error at once instead of each waiting to fail the same way.
   */
  shedsQueueOn: (error: unknown) => boolean;
  /** Told of every batch once it is done: how many items it held and how long it ran. */
  onBatch?: (size: number, seconds: number) => void;
}

export class GroupCommitQueue<I, O> {
  private queue: Waiter<I, O>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private scheduled = false;
  private closed = false;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<Outcome<O>[]>,
    private readonly options: QueueOptions<I>,
  ) {}

  /** Items waiting for a batch (not those in flight). */
  get waiting(): number {
    return this.queue.length;
  }

  submit(item: I): Promise<O> {
    const refused = this.refusal();
    if (refused) return Promise.reject(refused);
    return new Promise<O>((resolve, reject) => {
      this.queue.push(new PromisedWaiter(item, resolve, reject));
      this.schedule();
    });
  }

  /**
   * Submits several items at once, in order, with one promise for all their outcomes (a request
   * of a thousand charges then waits on one promise, not a thousand). Each item is taken or
   * refused as `submit` would take or refuse it alone: past `maxQueued`, the rest are refused.
   */
  submitAll(items: I[]): Promise<Outcome<O>[]> {
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve) => {
      const group = new WaiterGroup<O>(new Array<Outcome<O>>(items.length), resolve);
      // The queue only grows while this loops: once an item is refused, the rest are, for the same reason.
      let refused: Outcome<O> | undefined;
      items.forEach((item, i) => {
        if (!refused) {
          const error = this.refusal();
          if (error) refused = { ok: false, error };
        }
        if (refused) group.settle(i, refused);
        else this.queue.push(new GroupedWaiter(item, group, i));
      });
      this.schedule();
    });
  }

  /** Why a new item cannot wait for a batch now (the queue is closed, or full), if it cannot. */
  private refusal(): Error | undefined {
    if (this.closed) return this.options.closedError();
    if (this.queue.length >= this.options.maxQueued) return this.options.overloadedError();
    return undefined;
  }

  /** Items submitted in the same tick (a loop over a batch request) share the first batch. */
  private schedule(): void {
    if (this.queue.length > 0 && this.inFlight.size < this.options.maxInFlight && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  /** Refuses new items and waits until every queued one has been run. */
  async close(): Promise<void> {
    this.closed = true;
    this.flush();
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /**
   * Sends batches while one may leave. A burst that finds none in flight is shared among the
   * batches that may start: callers that move in step (a fixed set of workers, a request of many
   * charges) then split into groups that take turns, and the database works on one group's batch
   * while this process answers another's.
   */
  private flush(): void {
    const { maxBatch, maxInFlight } = this.options;
    if (this.inFlight.size === 0 && maxInFlight > 1 && this.queue.length > 1) {
      const parts = this.share(this.queue.splice(0, maxBatch * maxInFlight), maxInFlight);
      // What does not fit in its part's batch (one key held most of the burst) stays in front.
      const overflow = parts.flatMap((part) => part.splice(maxBatch));
      this.queue = overflow.concat(this.queue);
      parts.filter((part) => part.length > 0).forEach((part) => this.start(part));
    }
    while (this.inFlight.size < maxInFlight && this.queue.length > 0) this.start(this.queue.splice(0, maxBatch));
  }

  /** Splits a burst into `count` parts: by key when there is one, else in consecutive runs. */
  private share(burst: Waiter<I, O>[], count: number): Waiter<I, O>[][] {
    const parts: Waiter<I, O>[][] = Array.from({ length: count }, () => []);
    const { keyOf } = this.options;
    const size = Math.ceil(burst.length / count);
    burst.forEach((waiter, i) => parts[keyOf ? hash(keyOf(waiter.item)) % count : Math.floor(i / size)].push(waiter));
    return parts;
  }

  private start(batch: Waiter<I, O>[]): void {
    const running: Promise<void> = this.run(batch).then((settle) => {
      // The next batch leaves before this one's callers resume, so the database works on it while
      // this process hands out results.
      this.inFlight.delete(running);
      this.flush();
      settle();
    });
    this.inFlight.add(running);
  }

  /** Runs one batch; returns what settles its callers (and, when the database is gone, the queue). */
  private async run(batch: Waiter<I, O>[]): Promise<() => void> {
    let outcomes: Outcome<O>[];
    const started = performance.now();
    try {
      outcomes = await this.runBatch(batch.map((w) => w.item));
      if (outcomes.length !== batch.length) {
        throw new Error(`A batch of ${batch.length} items was answered with ${outcomes.length} outcomes`);
      }
    } catch (error) {
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    this.options.onBatch?.(batch.length, (performance.now() - started) / 1000);
    const [first] = outcomes;
    const shed =
      !first.ok && outcomes.every((o) => !o.ok && this.options.shedsQueueOn(o.error)) ? this.queue.splice(0) : [];
    return () => {
      batch.forEach((waiter, i) => waiter.settle(outcomes[i]));
      shed.forEach((waiter) => waiter.settle(first));
    };
  }
}

/** FNV-1a: spreads keys evenly over the parts of a burst. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
