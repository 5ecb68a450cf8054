/**
 * The groups of scenarios: each service figure next to the baselines it is compared with, one
 * statement per call through node-postgres (the same rollover SQL, no ledger), plain and prepared.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { rolloverAssignments } from '../src/billing/billing.sql.js';
import type { BillingService } from '../src/billing/billing.service.js';
import type { UsageHistoryService } from '../src/billing/usage-history.service.js';
import type { QuotaOverviewService } from '../src/quota/quota-overview.service.js';
import { PLATFORMS } from '../src/common/domain.constants.js';
import type { QuotaWindows } from '../src/quota/windows.js';
import { HEAVY_USER_CHARGES, USERS } from './database.js';
import { type Bench, cpuSince, type Measured, measure, SECONDS } from './measure.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TOKEN = 'bench-service-token-0123456789abcdef';

/** What the scenarios run against. */
export interface Target {
  billing: BillingService;
  windows: QuotaWindows;
  overview: QuotaOverviewService;
  history: UsageHistoryService;
  /** One statement, as a baseline runs it: named (prepared) or not, on a connection of its caller's. */
  query(name: string | undefined, text: string, values: unknown[]): Promise<unknown>;
  /** The first seeded user's id. */
  first: number;
  /** The service's HTTP address. */
  baseUrl: string;
  /** The bare node:http server's address (the floor of the HTTP figures). */
  floorUrl: string;
}

const PLAIN_SPREAD = 'baseline charge, spread rows';
const PREPARED_SPREAD = 'baseline charge, spread rows, prepared';
const PREPARED_ONE_CALLER = 'baseline charge, one caller, prepared';
const PLAIN_HOT = 'baseline charge, one hot row';
const PREPARED_HOT = 'baseline charge, one hot row, prepared';
const PLAIN_TWO_WRITES = 'baseline charge in two writes, spread rows';
const PREPARED_TWO_WRITES = 'baseline charge in two writes, spread rows, prepared';
const PLAIN_SELECT = 'baseline check (SELECT)';
const PREPARED_SELECT = 'baseline check (SELECT), prepared';
const HTTP_FLOOR = 'HTTP floor: bare node:http, same JSON';

const CHARGE_SQL = `UPDATE user_platform_quotas AS q SET
      ${rolloverAssignments(() => '$9::numeric', {
        daily: { cutoff: '$3', start: '$4' },
        weekly: { cutoff: '$5', start: '$6' },
        monthly: { cutoff: '$7', start: '$8' },
      })},
      updated_at = $10
      WHERE user_id = $1 AND platform = $2 AND deleted_at IS NULL
      RETURNING daily_usage_usd, weekly_usage_usd, monthly_usage_usd`;

const SELECT_SQL = `SELECT daily_limit_usd, weekly_limit_usd, monthly_limit_usd, daily_usage_usd, weekly_usage_usd,
        monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start
      FROM user_platform_quotas WHERE user_id = $1 AND platform = $2 AND deleted_at IS NULL`;

/** The calls the scenarios make, bound to a target. */
function calls(target: Target) {
  const anyUser = () => target.first + Math.floor(Math.random() * USERS);
  const anyPlatform = () => PLATFORMS[Math.floor(Math.random() * PLATFORMS.length)];
  const baselineCharge = (name: string | undefined, userId: number, platform: string) => {
    const now = new Date();
    const b = target.windows.bounds(now);
    const bounds = [b.daily.cutoff, b.daily.start, b.weekly.cutoff, b.weekly.start, b.monthly.cutoff, b.monthly.start];
    return target.query(name, CHARGE_SQL, [userId, platform, ...bounds, '0.0001234567', now]);
  };
  const baselineSelect = (name: string | undefined, userId: number, platform: string) =>
    target.query(name, SELECT_SQL, [userId, platform]);
  const charge = (userId: number, platform: string, i: number) =>
    target.billing.charge({ userId, platform, costUsd: '0.0001234567', requestId: `bench-${i}` });
  return { anyUser, anyPlatform, baselineCharge, baselineSelect, charge };
}

/** Charges spread over every row, as many users' gateways send them. */
export function spreadRows(bench: Bench, target: Target): Promise<void> {
  const { anyUser, anyPlatform, baselineCharge, charge } = calls(target);
  return bench.group([
    { name: PLAIN_SPREAD, run: (n) => measure(() => baselineCharge(undefined, anyUser(), anyPlatform()), n) },
    {
      name: PREPARED_SPREAD,
      run: (n) => measure(() => baselineCharge('bench_charge', anyUser(), anyPlatform()), n),
    },
    {
      name: 'service charge, spread rows',
      run: (n) => measure((i) => charge(anyUser(), anyPlatform(), i), n),
      baselines: [PLAIN_SPREAD, PREPARED_SPREAD],
    },
  ]);
}

/** A quiet service: one caller at a time, so every batch holds one charge; latency is the point. */
export function quietService(bench: Bench, target: Target): Promise<void> {
  const { anyUser, anyPlatform, baselineCharge, charge } = calls(target);
  return bench.group([
    {
      name: PREPARED_ONE_CALLER,
      callers: 1,
      run: (n) => measure(() => baselineCharge('bench_charge', anyUser(), anyPlatform()), n),
    },
    {
      name: 'service charge, one caller',
      callers: 1,
      run: (n) => measure((i) => charge(anyUser(), anyPlatform(), i), n),
      baselines: [PREPARED_ONE_CALLER],
    },
  ]);
}

/** Every caller charging the same row: the row lock is the limit of the baselines. */
export function hotRow(bench: Bench, target: Target): Promise<void> {
  const { baselineCharge, charge } = calls(target);
  return bench.group([
    { name: PLAIN_HOT, run: (n) => measure(() => baselineCharge(undefined, target.first, 'openai'), n) },
    { name: PREPARED_HOT, run: (n) => measure(() => baselineCharge('bench_charge', target.first, 'openai'), n) },
    {
      name: 'service charge, one hot row',
      run: (n) => measure((i) => charge(target.first, 'openai', i), n),
      baselines: [PLAIN_HOT, PREPARED_HOT],
    },
  ]);
}

/**
 * Holds on spread rows: a reserve alone (its latency is the point, against the one-write per-row
 * UPDATE baselines of the spread-rows group), and a reserve followed by the charge that settles
 * it, counted as one operation (one charge, two writes). The pair is compared first with the
 * per-row UPDATE baseline in two writes a charge (the same UPDATE twice on the charge's row, each
 * its own transaction, as a hold kept by per-row statements takes: one write to hold, one to
 * settle), measured in this group's rounds, then with the one-write baselines. Users the seed
 * left near or over their daily limit (ids divisible by 7) are skipped, so that every reserve is
 * granted and writes.
 */
export function holds(bench: Bench, target: Target): Promise<void> {
  const { anyUser, anyPlatform, baselineCharge } = calls(target);
  const roomyUser = () => {
    const id = anyUser();
    return id % 7 === 0 ? (id > target.first ? id - 1 : id + 1) : id;
  };
  const reserve = async (userId: number, platform: string, requestId: string) => {
    const result = await target.billing.reserve({ userId, platform, holdUsd: '0.0002', requestId });
    if (!result.allowed) throw new Error(`a reserve for user ${userId} on ${platform} was refused`);
  };
  const twoWrites = async (name: string | undefined) => {
    const [userId, platform] = [roomyUser(), anyPlatform()];
    await baselineCharge(name, userId, platform);
    await baselineCharge(name, userId, platform);
  };
  return bench.group([
    { name: PLAIN_TWO_WRITES, run: (n) => measure(() => twoWrites(undefined), n) },
    { name: PREPARED_TWO_WRITES, run: (n) => measure(() => twoWrites('bench_charge'), n) },
    {
      name: 'service reserve, spread rows',
      run: (n) => measure((i) => reserve(roomyUser(), anyPlatform(), `bench-hold-${i}`), n),
      baselines: [PLAIN_SPREAD, PREPARED_SPREAD],
    },
    {
      name: 'service reserve then settle, spread rows (per pair)',
      run: (n) =>
        measure(async (i) => {
          const [userId, platform, requestId] = [roomyUser(), anyPlatform(), `bench-pair-${i}`];
          await reserve(userId, platform, requestId);
          await target.billing.charge({ userId, platform, costUsd: '0.0001234567', requestId });
        }, n),
      baselines: [PLAIN_TWO_WRITES, PREPARED_TWO_WRITES, PLAIN_SPREAD, PREPARED_SPREAD],
    },
  ]);
}

export function checks(bench: Bench, target: Target): Promise<void> {
  const { anyUser, anyPlatform, baselineSelect } = calls(target);
  return bench.group([
    { name: PLAIN_SELECT, run: (n) => measure(() => baselineSelect(undefined, anyUser(), anyPlatform()), n) },
    {
      name: PREPARED_SELECT,
      run: (n) => measure(() => baselineSelect('bench_check', anyUser(), anyPlatform()), n),
    },
    {
      name: 'service check',
      run: (n) => measure(() => target.billing.check(anyUser(), anyPlatform()), n),
      baselines: [PLAIN_SELECT, PREPARED_SELECT],
    },
  ]);
}

/**
 * What the console asks of the server, one caller at a time: a page of the users list (the whole
 * table aggregated to filter and sort by usage, or the users in id order) and a heavy user's
 * 90-day spending history. The figure to read is the latency.
 */
export function consoleQueries(bench: Bench, target: Target): Promise<void> {
  const page = (sort: 'id' | 'usage', status?: 'near_limit') =>
    target.overview.page({ page: 3, pageSize: 50, sort, status });
  return bench.group([
    { name: 'console: users page, id order (50 of 10,000)', callers: 1, run: (n) => measure(() => page('id'), n) },
    {
      name: 'console: users page, near their limits, by usage',
      callers: 1,
      run: (n) => measure(() => page('usage', 'near_limit'), n),
    },
    {
      name: `console: 90-day history of a user with ${HEAVY_USER_CHARGES.toLocaleString('en')} charges`,
      callers: 1,
      run: (n) => measure(() => target.history.daily(target.first + 1, 90), n),
    },
  ]);
}

/**
 * The HTTP API under load from another process, next to a bare node:http server answering the
 * same JSON under the same load: their ratio is what the service's stack and work cost.
 */
export function http(bench: Bench, target: Target): Promise<void> {
  return bench.group([
    { name: HTTP_FLOOR, run: (n) => httpLoad(target.floorUrl, 'floor', n) },
    { name: 'HTTP GET /healthz', run: (n) => httpLoad(target.baseUrl, 'healthz', n), baselines: [HTTP_FLOOR] },
    {
      name: 'HTTP POST /check',
      run: (n) => httpLoad(target.baseUrl, 'check', n),
      baselines: [PLAIN_SELECT, PREPARED_SELECT, HTTP_FLOOR],
    },
    {
      name: 'HTTP POST /charge',
      run: (n) => httpLoad(target.baseUrl, 'charge', n),
      baselines: [PLAIN_SPREAD, PREPARED_SPREAD, HTTP_FLOOR],
    },
    {
      name: 'HTTP POST /charges, per charge (200 a request)',
      run: (n) => httpLoad(target.baseUrl, 'batch', n),
      baselines: [PLAIN_SPREAD, PREPARED_SPREAD],
    },
  ]);
}

/**
 * HTTP load from a separate process (autocannon), so the load generator does not share the
 * service's event loop; the service's CPU is counted from the moment the measured run starts.
 */
function httpLoad(
  baseUrl: string,
  kind: 'floor' | 'healthz' | 'check' | 'charge' | 'batch',
  callers: number,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(HERE, 'http-load.js'), baseUrl, kind, String(SECONDS), String(callers), String(USERS), TOKEN],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let cpu: NodeJS.CpuUsage | undefined;
    let cpuUs = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!cpu && out.includes('measuring\n')) cpu = process.cpuUsage();
      // The result line follows the measured run: the CPU stops counting with it.
      if (cpu && !cpuUs && out.trim().endsWith('}')) cpuUs = cpuSince(cpu);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`http-load exited with ${code}`));
      const r = JSON.parse(out.trim().split('\n').at(-1)!);
      resolve({
        opsPerSecond: r.opsPerSecond,
        p50: r.p50,
        p99: r.p99,
        errors: r.errors,
        cpuUsPerOp: cpuUs / Math.max(1, r.ops),
      });
    });
  });
}
