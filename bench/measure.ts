/** How the benchmark measures: latency histograms, caller loops, and groups of scenarios in rounds. */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
export const CONCURRENCY = 64;
const WARMUP_SECONDS = 1;
/** BENCH_ONLY: texts separated by `|`; a scenario runs when its name contains one of them. */
const ONLY = process.env.BENCH_ONLY?.split('|').filter(Boolean);

export interface Measured {
  opsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /**
   * This process's CPU time (user + system) over the operations done while measuring: for the
   * HTTP scenarios, the service's alone (the load comes from another process).
   */
  cpuUsPerOp: number;
}

export interface Row extends Measured {
  name: string;
  /** Ratios to the baselines this row is compared with, by baseline name. */
  ratios: Record<string, number>;
  /** Each round's figures; the row holds their medians. */
  rounds: Measured[];
}

export interface Scenario {
  name: string;
  /** Concurrent callers, when not CONCURRENCY. */
  callers?: number;
  run: (callers: number) => Promise<Measured>;
  /** Names of the scenarios this one is compared with. */
  baselines?: string[];
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** Latencies in 10 µs buckets up to 10 s: fixed memory however many operations run. */
class Histogram {
  private readonly buckets = new Uint32Array(1_000_000);
  count = 0;

  record(ms: number): void {
    this.buckets[Math.min(this.buckets.length - 1, Math.floor(ms * 100))]++;
    this.count++;
  }

  percentile(q: number): number {
    let seen = 0;
    const target = Math.ceil(q * this.count);
    for (let i = 0; i < this.buckets.length; i++) {
      seen += this.buckets[i];
      if (seen >= target) return (i + 1) / 100;
    }
    return NaN;
  }
}

/** Runs `op` from `callers` loops for a warm-up and then SECONDS; reports throughput and latency. */
export async function measure(op: (i: number) => Promise<unknown>, callers: number): Promise<Measured> {
  await drive(op, WARMUP_SECONDS, callers);
  return drive(op, SECONDS, callers);
}

/** CPU microseconds this process used since `since` (user + system). */
export function cpuSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return user + system;
}

let sequence = 0;
async function drive(op: (i: number) => Promise<unknown>, seconds: number, callers: number): Promise<Measured> {
  const latencies = new Histogram();
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await op(++sequence);
          latencies.record(performance.now() - t0);
        } catch (error) {
          if (errors++ === 0) log(`  first error: ${(error as Error).message}`);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    opsPerSecond: latencies.count / elapsed,
    p50: latencies.percentile(0.5),
    p99: latencies.percentile(0.99),
    errors,
    cpuUsPerOp: cpuSince(cpu) / Math.max(1, latencies.count),
  };
}

/** Collects the rows of every group measured, in order. */
export class Bench {
  readonly rows: Row[] = [];

  /** @param settle runs after each measurement (e.g. a VACUUM, so one scenario does not slow the next). */
  constructor(private readonly settle: () => Promise<unknown> = async () => undefined) {}

  /**
   * Measures a group of scenarios (baselines first) round after round, so that each figure and
   * its baselines are measured seconds apart, in every round; a moment when the shared machine
   * is slow then weighs on one round of all of them rather than on one figure. Each row holds
   * the medians over the rounds, and a ratio is the median of the rounds' ratios (for a baseline
   * of another group, the ratio of the medians).
   */
  async group(scenarios: Scenario[]): Promise<void> {
    const selected = scenarios.filter((s) => !ONLY?.length || ONLY.some((text) => s.name.includes(text)));
    const measured = new Map<string, Measured[]>(selected.map((s) => [s.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const scenario of selected) {
        const callers = scenario.callers ?? CONCURRENCY;
        log(`${scenario.name}: ${SECONDS} s, ${callers} concurrent callers (round ${round} of ${ROUNDS})`);
        const m = await scenario.run(callers);
        measured.get(scenario.name)!.push(m);
        log(
          `  ${m.opsPerSecond.toFixed(0)}/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms  ` +
            `CPU ${m.cpuUsPerOp.toFixed(1)} µs/op`,
        );
        if (m.errors) log(`  errors: ${m.errors}`);
        await this.settle();
      }
    }
    for (const { name, baselines = [] } of selected) {
      const rounds = measured.get(name)!;
      const ratios: Record<string, number> = {};
      for (const b of baselines) {
        const sameGroup = measured.get(b);
        const other = this.rows.find((r) => r.name === b);
        if (sameGroup) ratios[b] = median(rounds.map((m, i) => m.opsPerSecond / sameGroup[i].opsPerSecond));
        else if (other) ratios[b] = median(rounds.map((m) => m.opsPerSecond)) / other.opsPerSecond;
      }
      this.rows.push({
        name,
        opsPerSecond: median(rounds.map((m) => m.opsPerSecond)),
        p50: median(rounds.map((m) => m.p50)),
        p99: median(rounds.map((m) => m.p99)),
        errors: rounds.reduce((sum, m) => sum + m.errors, 0),
        cpuUsPerOp: median(rounds.map((m) => m.cpuUsPerOp)),
        ratios,
        rounds,
      });
      const shown = Object.entries(ratios).map(([b, r]) => `${r.toFixed(2)}x ${b}`);
      if (shown.length) log(`${name}: median ${shown.join(', ')}`);
    }
  }
}
