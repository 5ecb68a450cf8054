/**
 * The benchmark's database: a throw-away one on BENCH_DATABASE_URL, or the embedded server on a
 * temporary folder (started by the app itself, as `npm start` does), seeded.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';
import type { DataSource } from 'typeorm';

import { PLATFORMS } from '../src/common/domain.constants.js';
import { log } from './measure.js';

export const USERS = 10_000;
const PAST_CHARGES = 2_000_000;
const SEED_PART = 200_000;
/** A heavy user's charges over the last 90 days, for the spending history. */
export const HEAVY_USER_CHARGES = 90_000;
const SERVER_URL = process.env.BENCH_DATABASE_URL || undefined;

export interface BenchDatabase {
  /** Variables that point the app at it. */
  env: Record<string, string>;
  /** The server URL, or undefined for the embedded database. */
  url?: string;
  /** The embedded database's folder. */
  folder?: string;
  drop(): Promise<void>;
}

export async function createDatabase(): Promise<BenchDatabase> {
  if (!SERVER_URL) {
    const folder = join(mkdtempSync(join(tmpdir(), 'quota-bench-')), 'db');
    // As root, the server runs as the user postgres, which must be able to pass through.
    chmodSync(join(folder, '..'), 0o711);
    return {
      env: { EMBEDDED_DB_DIR: folder },
      folder,
      drop: async () => rmSync(join(folder, '..'), { recursive: true, force: true }),
    };
  }
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

/**
 * USERS users with a limited row per platform, and a ledger of past charges (a service that has
 * been running has one, with the statistics autovacuum keeps). Returns the first user's id.
 */
export async function seed(ds: DataSource): Promise<number> {
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
  // In parts, each well within the service's query timeout.
  for (let from = 1; from <= PAST_CHARGES; from += SEED_PART) {
    await ds.query(
      `INSERT INTO quota_charges (request_id, user_id, platform, cost_usd, charged_at, daily_usage_usd, weekly_usage_usd,
         monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start)
       SELECT 'past-' || g, $3 + g % $4, 'openai', 0.001, t, 0.001, 0.001, 0.001, t, t, t
         FROM generate_series($1::int, $2::int) g, (SELECT now() - interval '40 days' AS t) past`,
      [from, Math.min(from + SEED_PART - 1, PAST_CHARGES), first, USERS],
    );
  }
  // The second user spends all the time: a thousand charges a day for 90 days.
  await ds.query(
    `INSERT INTO quota_charges (request_id, user_id, platform, cost_usd, charged_at, daily_usage_usd, weekly_usage_usd,
       monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start)
     SELECT 'heavy-' || g, $2, (ARRAY['anthropic','openai','gemini','antigravity'])[1 + g % 4], 0.01, t, 0, 0, 0, t, t, t
       FROM generate_series(1, $1) g, LATERAL (SELECT now() - (g * interval '90 days' / $1) AS t) at`,
    [HEAVY_USER_CHARGES, first + 1],
  );
  // Some users near or at their limits, for the users list's filters and sort.
  await ds.query(
    `UPDATE user_platform_quotas SET daily_usage_usd = daily_limit_usd * (0.5 + (user_id % 60) / 100.0),
       daily_window_start = now() WHERE user_id % 7 = 0`,
  );
  // As autovacuum leaves a running service's tables: statistics, and old pages marked all-visible
  // (which index-only scans, such as the spending history's, rely on).
  await ds.query('VACUUM ANALYZE');
  return first;
}
