import { GroupCommitQueue, type Outcome } from './group-commit-queue.js';

class Unavailable extends Error {}

/** A batch runner the test releases by hand, recording each batch it was given. */
function controlledRunner() {
  const batches: number[][] = [];
  const releases: ((outcomes: Outcome<string>[]) => void)[] = [];
  const run = (items: number[]) =>
    new Promise<Outcome<string>[]>((resolve) => {
      batches.push(items);
      releases.push(resolve);
    });
  return { batches, releases, run };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));
class Overloaded extends Error {}

const options = {
  maxBatch: 3,
  maxInFlight: 1,
  maxQueued: 100,
  overloadedError: () => new Overloaded('overloaded'),
  closedError: () => new Error('closed'),
  shedsQueueOn: (e: unknown) => e instanceof Unavailable,
};
const ok = (items: number[]): Outcome<string>[] => items.map((i) => ({ ok: true, value: `r${i}` }));

describe('GroupCommitQueue', () => {
  it('sends what one tick submits as one batch, and what arrives meanwhile as the next, capped at maxBatch', async () => {
    const runner = controlledRunner();
    const queue = new GroupCommitQueue(runner.run, options);
    const first = [1, 2].map((i) => queue.submit(i));
    await tick();
    const later = [3, 4, 5, 6].map((i) => queue.submit(i));
    await tick();
    expect(runner.batches).toEqual([[1, 2]]);
    runner.releases[0](ok([1, 2]));
    await expect(Promise.all(first)).resolves.toEqual(['r1', 'r2']);
    expect(runner.batches).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
    runner.releases[1](ok([3, 4, 5]));
    await tick();
    expect(runner.batches.at(-1)).toEqual([6]);
    runner.releases[2](ok([6]));
    await expect(Promise.all(later)).resolves.toEqual(['r3', 'r4', 'r5', 'r6']);
  });

  it('refuses items past maxQueued at once while the batches in flight are slow, and takes them again after', async () => {
    const runner = controlledRunner();
    const queue = new GroupCommitQueue(runner.run, { ...options, maxQueued: 2 });
    const running = queue.submit(1);
    await tick();
    const waiting = [2, 3].map((i) => queue.submit(i));
    const refused = queue.submit(4);
    await expect(refused).rejects.toBeInstanceOf(Overloaded);
    expect(runner.batches).toEqual([[1]]);
    runner.releases[0](ok([1]));
    await expect(running).resolves.toBe('r1');
    expect(runner.batches.at(-1)).toEqual([2, 3]);
    const later = queue.submit(5);
    runner.releases[1](ok([2, 3]));
    await expect(Promise.all(waiting)).resolves.toEqual(['r2', 'r3']);
    await tick();
    runner.releases[2](ok([5]));
    await expect(later).resolves.toBe('r5');
  });

  it('gives each caller its own outcome', async () => {
    const queue = new GroupCommitQueue(
      async (items: number[]) =>
        items.map((i): Outcome<string> =>
          i % 2 ? { ok: true, value: `r${i}` } : { ok: false, error: new Error(`bad ${i}`) },
        ),
      options,
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => queue.submit(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      'r1',
      'bad 2',
      'r3',
    ]);
  });

  it('fails what is queued at once when a whole batch found the database gone', async () => {
    const runner = controlledRunner();
    const queue = new GroupCommitQueue(runner.run, options);
    const inFlight = queue.submit(1);
    await tick();
    const queued = [2, 3].map((i) => queue.submit(i));
    const gone = new Unavailable('database gone');
    runner.releases[0]([{ ok: false, error: gone }]);
    await expect(inFlight).rejects.toBe(gone);
    await expect(Promise.all(queued)).rejects.toBe(gone);
    expect(runner.batches).toEqual([[1]]);
  });

  it('does not shed the queue for an error of one item only', async () => {
    const runner = controlledRunner();
    const queue = new GroupCommitQueue(runner.run, options);
    const inFlight = [1, 2].map((i) => queue.submit(i));
    await tick();
    const queued = queue.submit(3);
    runner.releases[0]([
      { ok: false, error: new Unavailable('x') },
      { ok: true, value: 'r2' },
    ]);
    await Promise.allSettled(inFlight);
    await tick();
    expect(runner.batches).toEqual([[1, 2], [3]]);
    runner.releases[1](ok([3]));
    await expect(queued).resolves.toBe('r3');
  });

  it('runs everything queued before close() resolves, and refuses what comes after', async () => {
    const runner = controlledRunner();
    const queue = new GroupCommitQueue(runner.run, options);
    const pending = [1, 2, 3, 4].map((i) => queue.submit(i));
    await tick();
    const closed = queue.close();
    await expect(queue.submit(9)).rejects.toThrow('closed');
    runner.releases[0](ok([1, 2, 3]));
    await tick();
    runner.releases[1](ok([4]));
    await closed;
    await expect(Promise.all(pending)).resolves.toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('turns a runner that throws into the same error for each item of its batch', async () => {
    const boom = new Error('boom');
    const queue = new GroupCommitQueue(async () => Promise.reject(boom), options);
    const results = await Promise.allSettled([1, 2].map((i) => queue.submit(i)));
    expect(results.map((r) => r.status === 'rejected' && r.reason)).toEqual([boom, boom]);
  });

  describe('submitAll', () => {
    it('queues the items in order behind earlier ones, and answers them all with one promise', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, options);
      const single = queue.submit(1);
      const all = queue.submitAll([2, 3, 4]);
      await tick();
      expect(runner.batches).toEqual([[1, 2, 3]]);
      runner.releases[0]([
        { ok: true, value: 'r1' },
        { ok: false, error: new Error('bad 2') },
        { ok: true, value: 'r3' },
      ]);
      await expect(single).resolves.toBe('r1');
      expect(runner.batches.at(-1)).toEqual([4]);
      runner.releases[1](ok([4]));
      const outcomes = await all;
      expect(outcomes.map((o) => (o.ok ? o.value : (o.error as Error).message))).toEqual(['bad 2', 'r3', 'r4']);
    });

    it('refuses the items past maxQueued, and every item once closed', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, { ...options, maxQueued: 2 });
      const running = queue.submit(1);
      await tick();
      const all = queue.submitAll([2, 3, 4, 5]);
      runner.releases[0](ok([1]));
      await running;
      runner.releases[1](ok([2, 3]));
      const outcomes = await all;
      expect(outcomes.map((o) => (o.ok ? o.value : o.error))).toEqual([
        'r2',
        'r3',
        expect.any(Overloaded),
        expect.any(Overloaded),
      ]);
      const closing = queue.close();
      const refused = await queue.submitAll([6, 7]);
      expect(refused.map((o) => !o.ok && (o.error as Error).message)).toEqual(['closed', 'closed']);
      await closing;
      await expect(queue.submitAll([])).resolves.toEqual([]);
    });
  });

  it('fails a batch whose runner answers the wrong number of items, and goes on', async () => {
    let calls = 0;
    const queue = new GroupCommitQueue(async (items: number[]) => (calls++ === 0 ? [] : ok(items)), options);
    await expect(queue.submit(1)).rejects.toThrow('A batch of 1 items was answered with 0 outcomes');
    await expect(queue.submit(2)).resolves.toBe('r2');
  });

  describe('with two batches in flight', () => {
    const two = { ...options, maxBatch: 10, maxInFlight: 2 };

    it('shares a burst evenly between the two, and runs them at once', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, two);
      const burst = [1, 2, 3, 4, 5].map((i) => queue.submit(i));
      await tick();
      expect(runner.batches).toEqual([
        [1, 2, 3],
        [4, 5],
      ]);
      runner.releases[1](ok([4, 5]));
      runner.releases[0](ok([1, 2, 3]));
      await expect(Promise.all(burst)).resolves.toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    });

    it('keeps the items of one key in one batch, in order, and a key too big for one batch at the front', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, {
        ...two,
        maxBatch: 4,
        keyOf: (i: number) => (i < 100 ? 'a' : 'b'),
      });
      const burst = [1, 101, 2, 3, 102, 4, 5].map((i) => queue.submit(i));
      await tick();
      const [first, second] = runner.batches;
      expect([first, second].sort((x, y) => x[0] - y[0])).toEqual([
        [1, 2, 3, 4],
        [101, 102],
      ]);
      runner.releases[runner.batches.indexOf(first)](ok(first));
      await tick();
      expect(runner.batches[2]).toEqual([5]);
      runner.releases[runner.batches.indexOf(second)](ok(second));
      runner.releases[2](ok([5]));
      await expect(Promise.all(burst)).resolves.toEqual(['r1', 'r101', 'r2', 'r3', 'r102', 'r4', 'r5']);
    });

    it('sends what arrives while one runs at once, and the rest when a batch ends, before its callers resume', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, two);
      const first = queue.submit(1);
      await tick();
      const second = queue.submit(2);
      await tick();
      expect(runner.batches).toEqual([[1], [2]]);
      const later = [3, 4, 5].map((i) => queue.submit(i));
      await tick();
      expect(runner.batches).toHaveLength(2);
      let sentBeforeResume = false;
      const resumed = first.then(() => (sentBeforeResume = runner.batches.length === 3));
      runner.releases[0](ok([1]));
      await resumed;
      expect(sentBeforeResume).toBe(true);
      expect(runner.batches[2]).toEqual([3, 4, 5]);
      runner.releases[1](ok([2]));
      runner.releases[2](ok([3, 4, 5]));
      await expect(Promise.all([second, ...later])).resolves.toEqual(['r2', 'r3', 'r4', 'r5']);
    });

    it('waits for both before close() resolves', async () => {
      const runner = controlledRunner();
      const queue = new GroupCommitQueue(runner.run, two);
      const pending = [1, 2].map((i) => queue.submit(i));
      await tick();
      let closed = false;
      const closing = queue.close().then(() => (closed = true));
      runner.releases[0](ok([1]));
      await tick();
      expect(closed).toBe(false);
      runner.releases[1](ok([2]));
      await closing;
      await expect(Promise.all(pending)).resolves.toEqual(['r1', 'r2']);
    });
  });
});
