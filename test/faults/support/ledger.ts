/**
 * What the fault suite sets up in the database and what it checks there afterwards, through a
 * connection of its own (never through a proxy the scenario controls): every acknowledged charge
 * in the ledger exactly once and as sent, nothing in it that was not sent, and every counter equal
 * to the sum of its ledger rows, to the last of its 10 fraction digits.
 */
import pg from 'pg';

import { Money, ZERO } from '../../../src/common/money.js';
import type { Charge } from './gateway.js';

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `count` users (and, with `role: 'admin'`, admins) created directly; their ids. */
export async function seedUsers(url: string, count: number, role: 'user' | 'admin' = 'user'): Promise<number[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO users (email, auth_source, role)
       SELECT 'fault-' || $2 || '-' || g || '-' || md5(random()::text) || '@example.com', 'email', $2
       FROM generate_series(1, $1) AS g RETURNING id`,
      [count, role],
    );
    return rows.map((r) => Number(r.id));
  });
}

/** A daily limit on `platform` for the users, so that checks start answering 429 once it is used up. */
export async function limitDaily(url: string, users: number[], platform: string, limitUsd: string): Promise<void> {
  await withClient(url, (client) =>
    client.query(
      `INSERT INTO user_platform_quotas (user_id, platform, daily_limit_usd) SELECT unnest($1::bigint[]), $2, $3`,
      [users, platform, limitUsd],
    ),
  );
}

export interface LedgerReport {
  /** Ledger rows in all. */
  recorded: number;
  acknowledged: number;
  /** Charges sent, never acknowledged, yet recorded (the answer was lost): allowed, counted once. */
  recordedUnacknowledged: number;
  /** Acknowledged charges that are not in the ledger. */
  missing: string[];
  /** Request ids with more than one ledger row. */
  doubled: string[];
  /** Ledger rows the gateway never sent, or with another user, platform or cost than it sent. */
  foreign: string[];
  /** Counters that differ from the sum of their ledger rows: `user:platform window counter != sum`. */
  counters: string[];
  /** The (user, platform) counters compared. */
  rows: number;
}

type Window = 'daily' | 'weekly' | 'monthly';
const WINDOWS: Window[] = ['daily', 'weekly', 'monthly'];

interface LedgerRow extends Record<`${Window}_window_start`, Date> {
  request_id: string;
  user_id: string;
  platform: string;
  cost_usd: string;
}

interface CounterRow extends Record<`${Window}_window_start`, Date | null>, Record<`${Window}_usage_usd`, string> {
  user_id: string;
  platform: string;
}

/**
 * Compares the database with what the gateway sent and was told. A counter is compared with the
 * ledger rows of its current window (the rows record the window they were charged in), summed
 * and compared by PostgreSQL in numeric, and again with decimal.js on the decimal strings.
 */
export async function checkLedger(
  url: string,
  gateway: { sent: Map<string, Charge>; acknowledged: Map<string, Charge> },
): Promise<LedgerReport> {
  return withClient(url, async (client) => {
    const ledger = (
      await client.query<LedgerRow>(
        `SELECT request_id, user_id, platform, cost_usd::text AS cost_usd,
                daily_window_start, weekly_window_start, monthly_window_start
         FROM quota_charges`,
      )
    ).rows;
    const counters = (
      await client.query<CounterRow>(
        `SELECT user_id, platform, daily_usage_usd::text AS daily_usage_usd, weekly_usage_usd::text AS weekly_usage_usd,
                monthly_usage_usd::text AS monthly_usage_usd,
                daily_window_start, weekly_window_start, monthly_window_start
         FROM user_platform_quotas WHERE deleted_at IS NULL`,
      )
    ).rows;
    // PostgreSQL's own comparison, in numeric: the counters that differ from their ledger sums.
    const sqlMismatches = (
      await client.query<{ user_id: string; platform: string; kind: Window; usage: string; sum: string }>(
        `SELECT q.user_id, q.platform, w.kind, w.usage::text AS usage, s.sum::text AS sum
         FROM user_platform_quotas q
         CROSS JOIN LATERAL (VALUES ('daily', q.daily_usage_usd, q.daily_window_start),
                                    ('weekly', q.weekly_usage_usd, q.weekly_window_start),
                                    ('monthly', q.monthly_usage_usd, q.monthly_window_start)) AS w(kind, usage, start)
         CROSS JOIN LATERAL (SELECT COALESCE(sum(c.cost_usd), 0) AS sum FROM quota_charges c
                             WHERE c.user_id = q.user_id AND c.platform = q.platform
                               AND w.start IS NOT DISTINCT FROM CASE w.kind WHEN 'daily' THEN c.daily_window_start
                                   WHEN 'weekly' THEN c.weekly_window_start ELSE c.monthly_window_start END) AS s
         WHERE q.deleted_at IS NULL AND w.usage IS DISTINCT FROM s.sum`,
      )
    ).rows;

    const byId = new Map<string, LedgerRow[]>();
    for (const row of ledger) byId.set(row.request_id, [...(byId.get(row.request_id) ?? []), row]);
    const missing = [...gateway.acknowledged.keys()].filter((id) => !byId.has(id));
    const doubled = [...byId].filter(([, rows]) => rows.length > 1).map(([id]) => id);
    const foreign = ledger
      .filter((row) => {
        const sent = gateway.sent.get(row.request_id);
        return (
          !sent ||
          Number(row.user_id) !== sent.userId ||
          row.platform !== sent.platform ||
          row.cost_usd !== new Money(sent.costUsd).toFixed(10)
        );
      })
      .map((row) => row.request_id);

    const byCounter = new Map<string, LedgerRow[]>();
    for (const row of ledger) {
      const key = `${row.user_id}:${row.platform}`;
      const rows = byCounter.get(key);
      if (rows) rows.push(row);
      else byCounter.set(key, [row]);
    }
    const mismatches: string[] = [];
    for (const counter of counters) {
      const rows = byCounter.get(`${counter.user_id}:${counter.platform}`) ?? [];
      for (const window of WINDOWS) {
        const start = counter[`${window}_window_start`]?.getTime();
        const total = rows
          .filter((row) => row[`${window}_window_start`].getTime() === start)
          .reduce((sum, row) => sum.plus(row.cost_usd), ZERO);
        const usage = counter[`${window}_usage_usd`];
        if (total.toFixed(10) !== usage) {
          mismatches.push(`${counter.user_id}:${counter.platform} ${window} ${usage} != ${total.toFixed(10)}`);
        }
      }
    }
    for (const row of sqlMismatches) {
      mismatches.push(`${row.user_id}:${row.platform} ${row.kind} ${row.usage} != ${row.sum} (SQL)`);
    }
    return {
      recorded: ledger.length,
      acknowledged: gateway.acknowledged.size,
      recordedUnacknowledged: ledger.filter((row) => !gateway.acknowledged.has(row.request_id)).length,
      missing,
      doubled,
      foreign,
      counters: mismatches,
      rows: counters.length,
    };
  });
}

/** What every scenario expects of the ledger: nothing missing, doubled, made up or miscounted. */
export function expectLedgerExact(report: LedgerReport): void {
  expect({
    missing: report.missing,
    doubled: report.doubled,
    foreign: report.foreign,
    counters: report.counters,
  }).toEqual({ missing: [], doubled: [], foreign: [], counters: [] });
  expect(report.acknowledged).toBeGreaterThan(0);
  expect(report.recorded).toBeGreaterThanOrEqual(report.acknowledged);
}
