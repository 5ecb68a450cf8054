/**
 * `npm run bench`: the billing hot path against plain node-postgres baselines, measured in the
 * same run on the same database. Not a test: it prints figures with their ratios to the
 * baselines and saves them as JSON in bench/results/.
 *
 * Against BENCH_DATABASE_URL (a PostgreSQL server where it may create a database; it creates
 * `quota_bench_<time>` and drops it afterwards) or, when unset, the embedded database in memory.
 * BENCH_SECONDS (default 5) sets the length of each measurement, BENCH_ROUNDS (default 3) how many
 * times each group of scenarios is measured, BENCH_ONLY=<text> runs only the scenarios whose name
 * contains it.
 */
import 'reflect-metadata';

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DataSource } from 'typeorm';

import { AppModule } from '../src/app.module.js';
import { APP_OPTIONS, configureApp } from '../src/app.setup.js';
import { rolloverAssignments } from '../src/billing/billing.sql.js';
import { BillingService } from '../src/billing/billing.service.js';
import { PLATFORMS } from '../src/common/domain.constants.js';
import { QuotaWindows } from '../src/quota/windows.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = 1;
const CONCURRENCY = 64;
const USERS = 10_000;
const PAST_CHARGES = 200_000;
const TOKEN = 'bench-service-token-0123456789abcdef';
const SERVER_URL = process.env.BENCH_DATABASE_URL || undefined;
const ONLY = process.env.BENCH_ONLY;
const HERE = dirname(fileURLToPath(import.meta.url));
const RESULTS_DIR = join(HERE, '..', '..', 'bench', 'results');

interface Measured {
  opsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

interface Row extends Measured {
  name: string;
  /** Ratios to the baselines this row is compared with, by baseline name. */
  ratios: Record<string, number>;
  /** Each round's figures; the row holds their medians. */
  rounds: Measured[];
}

interface Scenario {
  name: string;
  /** Concurrent callers, when not CONCURRENCY. */
  callers?: number;
  run: (callers: number) => Promise<Measured>;
  /** Names of the scenarios this one is compared with. */
  baselines?: string[];
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
const rssMb = () => process.resourceUsage().maxRSS / 1024;

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

/** Runs `op` from `callers` loops for a warm-up and then `seconds`; reports throughput and latency. */
async function measure(op: (i: number) => Promise<unknown>, callers: number): Promise<Measured> {
  await drive(op, WARMUP_SECONDS, callers);
  return drive(op, SECONDS, callers);
}

let sequence = 0;
async function drive(op: (i: number) => Promise<unknown>, seconds: number, callers: number): Promise<Measured> {
  const latencies = new Histogram();
  let errors = 0;
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
  };
}

/** HTTP load from a separate process (autocannon), so the load generator does not share the service's event loop. */
function httpLoad(baseUrl: string, kind: 'check' | 'charge' | 'healthz', callers: number): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(HERE, 'http-load.js'), baseUrl, kind, String(SECONDS), String(callers), String(USERS), TOKEN],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`http-load exited with ${code}`));
      const r = JSON.parse(out.trim().split('\n').at(-1)!);
      resolve({ opsPerSecond: r.requestsPerSecond, p50: r.p50, p99: r.p99, errors: r.non2xx + r.errors });
    });
  });
}

async function createDatabase(): Promise<{ env: Record<string, string>; url?: string; drop: () => Promise<void> }> {
  if (!SERVER_URL) return { env: { EMBEDDED_DB_DIR: 'memory://' }, drop: async () => undefined };
  const name = `quota_bench_${Date.now()}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: SERVER_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function seed(ds: DataSource): Promise<number> {
  log(`seeding ${USERS} users x ${PLATFORMS.length} platforms with limits, and ${PAST_CHARGES} past charges`);
  await ds.query(
    `INSERT INTO users (email, auth_source) SELECT 'bench' || g || '@example.com', 'email' FROM generate_series(1, $1) g`,
    [USERS],
  );
  const [{ first }] = await ds.query('SELECT min(id)::int AS first FROM users');
  await ds.query(
    `INSERT INTO user_platform_quotas (user_id, platform, daily_limit_usd, weekly_limit_usd, monthly_limit_usd)
     SELECT u.id, p, 1000000, 5000000, 20000000 FROM users u CROSS JOIN unnest($1::text[]) p`,
    [PLATFORMS],
  );
  // A service that has been running has a ledger, with the statistics autovacuum keeps.
  await ds.query(
    `INSERT INTO quota_charges (request_id, user_id, platform, cost_usd, charged_at, daily_usage_usd, weekly_usage_usd,
       monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start)
     SELECT 'past-' || g, $2 + g % $3, 'openai', 0.001, t, 0.001, 0.001, 0.001, t, t, t
       FROM generate_series(1, $1) g, (SELECT now() - interval '40 days' AS t) past`,
    [PAST_CHARGES, first, USERS],
  );
  await ds.query('ANALYZE');
  return first;
}

async function main(): Promise<void> {
  const target = await createDatabase();
  log(`database: ${target.url ? `PostgreSQL at ${new URL(target.url).host}` : 'embedded PGlite (in memory)'}`);
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot({ env: { ...target.env, LOG_LEVEL: 'silent', BILLING_SERVICE_TOKEN: TOKEN } }),
      { ...APP_OPTIONS, logger: false },
    ),
  );
  await app.listen(0, '127.0.0.1');
  const baseUrl = await app.getUrl();
  const ds = app.get(DataSource);
  const billing = app.get(BillingService);
  const windows = app.get(QuotaWindows);
  // The baselines: one statement per call, one connection per caller (on the embedded database,
  // which serves one connection, they share the app's).
  const pool = target.url ? new pg.Pool({ connectionString: target.url, max: CONCURRENCY }) : undefined;

  try {
    const first = await seed(ds);
    const [{ version }] = await ds.query('SELECT version()');
    const query = (name: string | undefined, text: string, values: unknown[]) =>
      pool ? pool.query({ name, text, values }) : ds.query(text, values);
    const vacuum = () => (target.url ? ds.query('VACUUM ANALYZE user_platform_quotas') : Promise.resolve());

    const chargeSql = `UPDATE user_platform_quotas AS q SET
      ${rolloverAssignments(() => '$9::numeric', {
        daily: { cutoff: '$3', start: '$4' },
        weekly: { cutoff: '$5', start: '$6' },
        monthly: { cutoff: '$7', start: '$8' },
      })},
      updated_at = $10
      WHERE user_id = $1 AND platform = $2 AND deleted_at IS NULL
      RETURNING daily_usage_usd, weekly_usage_usd, monthly_usage_usd`;
    const plainCharge = (name: string | undefined, userId: number, platform: string) => {
      const now = new Date();
      const b = windows.bounds(now);
      const bounds = [
        b.daily.cutoff,
        b.daily.start,
        b.weekly.cutoff,
        b.weekly.start,
        b.monthly.cutoff,
        b.monthly.start,
      ];
      return query(name, chargeSql, [userId, platform, ...bounds, '0.0001234567', now]);
    };
    const selectSql = `SELECT daily_limit_usd, weekly_limit_usd, monthly_limit_usd, daily_usage_usd, weekly_usage_usd,
        monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start
      FROM user_platform_quotas WHERE user_id = $1 AND platform = $2 AND deleted_at IS NULL`;
    const plainSelect = (name: string | undefined, userId: number, platform: string) =>
      query(name, selectSql, [userId, platform]);

    const anyUser = () => first + Math.floor(Math.random() * USERS);
    const anyPlatform = () => PLATFORMS[Math.floor(Math.random() * PLATFORMS.length)];
    const charge = (userId: number, platform: string, i: number) =>
      billing.charge({ userId, platform, costUsd: '0.0001234567', requestId: `bench-${i}` });

    const rows: Row[] = [];
    /**
     * Measures a group of scenarios (baselines first) round after round, so that each figure and
     * its baselines are measured seconds apart, in every round; a moment when the shared machine
     * is slow then weighs on one round of all of them rather than on one figure. Each row holds
     * the medians over the rounds, and a ratio is the median of the rounds' ratios (for a baseline
     * of another group, the ratio of the medians).
     */
    const group = async (scenarios: Scenario[]) => {
      const selected = scenarios.filter((s) => !ONLY || s.name.includes(ONLY));
      const measured = new Map<string, Measured[]>(selected.map((s) => [s.name, []]));
      for (let round = 1; round <= ROUNDS; round++) {
        for (const scenario of selected) {
          const callers = scenario.callers ?? CONCURRENCY;
          log(`${scenario.name}: ${SECONDS} s, ${callers} concurrent callers (round ${round} of ${ROUNDS})`);
          const m = await scenario.run(callers);
          measured.get(scenario.name)!.push(m);
          log(`  ${m.opsPerSecond.toFixed(0)}/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms`);
          if (m.errors) log(`  errors: ${m.errors}`);
          await vacuum();
        }
      }
      for (const { name, baselines = [] } of selected) {
        const rounds = measured.get(name)!;
        const ratios: Record<string, number> = {};
        for (const b of baselines) {
          const sameGroup = measured.get(b);
          const other = rows.find((r) => r.name === b);
          if (sameGroup) ratios[b] = median(rounds.map((m, i) => m.opsPerSecond / sameGroup[i].opsPerSecond));
          else if (other) ratios[b] = median(rounds.map((m) => m.opsPerSecond)) / other.opsPerSecond;
        }
        rows.push({
          name,
          opsPerSecond: median(rounds.map((m) => m.opsPerSecond)),
          p50: median(rounds.map((m) => m.p50)),
          p99: median(rounds.map((m) => m.p99)),
          errors: rounds.reduce((sum, m) => sum + m.errors, 0),
          ratios,
          rounds,
        });
        const shown = Object.entries(ratios).map(([b, r]) => `${r.toFixed(2)}x ${b}`);
        if (shown.length) log(`${name}: median ${shown.join(', ')}`);
      }
    };
    const PLAIN_SPREAD = 'baseline charge, spread rows';
    const PREPARED_SPREAD = 'baseline charge, spread rows, prepared';
    const PREPARED_ONE_CALLER = 'baseline charge, one caller, prepared';
    const PLAIN_HOT = 'baseline charge, one hot row';
    const PREPARED_HOT = 'baseline charge, one hot row, prepared';
    const PLAIN_SELECT = 'baseline check (SELECT)';
    const PREPARED_SELECT = 'baseline check (SELECT), prepared';
    const HTTP_FLOOR = 'HTTP GET /healthz (HTTP floor)';

    await group([
      {
        name: PLAIN_SPREAD,
        run: (callers) => measure(() => plainCharge(undefined, anyUser(), anyPlatform()), callers),
      },
      {
        name: PREPARED_SPREAD,
        run: (callers) => measure(() => plainCharge('bench_charge', anyUser(), anyPlatform()), callers),
      },
      {
        name: 'service charge, spread rows',
        run: (callers) => measure((i) => charge(anyUser(), anyPlatform(), i), callers),
        baselines: [PLAIN_SPREAD, PREPARED_SPREAD],
      },
    ]);
    // A quiet service: one caller at a time, so every batch holds one charge; latency is the point.
    await group([
      {
        name: PREPARED_ONE_CALLER,
        callers: 1,
        run: (callers) => measure(() => plainCharge('bench_charge', anyUser(), anyPlatform()), callers),
      },
      {
        name: 'service charge, one caller',
        callers: 1,
        run: (callers) => measure((i) => charge(anyUser(), anyPlatform(), i), callers),
        baselines: [PREPARED_ONE_CALLER],
      },
    ]);
    await group([
      { name: PLAIN_HOT, run: (callers) => measure(() => plainCharge(undefined, first, 'openai'), callers) },
      { name: PREPARED_HOT, run: (callers) => measure(() => plainCharge('bench_charge', first, 'openai'), callers) },
      {
        name: 'service charge, one hot row',
        run: (callers) => measure((i) => charge(first, 'openai', i), callers),
        baselines: [PLAIN_HOT, PREPARED_HOT],
      },
    ]);
    await group([
      {
        name: PLAIN_SELECT,
        run: (callers) => measure(() => plainSelect(undefined, anyUser(), anyPlatform()), callers),
      },
      {
        name: PREPARED_SELECT,
        run: (callers) => measure(() => plainSelect('bench_check', anyUser(), anyPlatform()), callers),
      },
      {
        name: 'service check',
        run: (callers) => measure(() => billing.check(anyUser(), anyPlatform()), callers),
        baselines: [PLAIN_SELECT, PREPARED_SELECT],
      },
    ]);
    // The HTTP rows also show their share of what the HTTP stack serves at most on this machine.
    await group([
      { name: HTTP_FLOOR, run: (callers) => httpLoad(baseUrl, 'healthz', callers) },
      {
        name: 'HTTP POST /check',
        run: (callers) => httpLoad(baseUrl, 'check', callers),
        baselines: [PLAIN_SELECT, PREPARED_SELECT, HTTP_FLOOR],
      },
      {
        name: 'HTTP POST /charge',
        run: (callers) => httpLoad(baseUrl, 'charge', callers),
        baselines: [PLAIN_SPREAD, PREPARED_SPREAD, HTTP_FLOOR],
      },
    ]);

    const machine = {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      database: String(version).split(' on ')[0],
    };
    const peakRssMb = rssMb();
    printTable(rows, peakRssMb);
    const report = {
      date: new Date().toISOString(),
      machine,
      seconds: SECONDS,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      users: USERS,
      rows,
      peakRssMb,
    };
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = join(RESULTS_DIR, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    log(`saved ${file}`);
  } finally {
    await pool?.end();
    await app.close();
    await target.drop();
  }
}

function printTable(rows: Row[], peakRssMb: number): void {
  const header = [
    'scenario',
    'ops/s',
    'p50 ms',
    'p99 ms',
    'vs baselines: plain / prepared (/ HTTP floor), or as named',
  ];
  const lines = rows.map((r) => [
    r.name,
    r.opsPerSecond.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    Object.entries(r.ratios)
      .map(([name, x]) => `${x.toFixed(2)}x${Object.keys(r.ratios).length === 1 ? ` ${name}` : ''}`)
      .join(' / ') || '-',
  ]);
  lines.push(['peak RSS (service and in-process callers)', `${peakRssMb.toFixed(0)} MB`, '', '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nMedians over ${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} concurrent callers unless the name says otherwise`,
  );
  console.log(`${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
