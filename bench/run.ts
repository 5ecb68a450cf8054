/**
 * `npm run bench`: the billing hot path against plain node-postgres baselines, measured in the
 * same run on the same database. Not a test: it prints figures with their ratios to the
 * baselines and saves them as JSON in bench/results/. How it measures, and what the figures have
 * been: bench/README.md.
 *
 * Against BENCH_DATABASE_URL (a PostgreSQL server where it may create a database; it creates
 * `quota_bench_<time>` and drops it afterwards) or, when unset, the embedded server on a
 * temporary folder, started by the app as `npm start` starts it.
 * BENCH_SECONDS (default 5) sets the length of each measurement, BENCH_ROUNDS (default 3) how many
 * times each group of scenarios is measured, BENCH_ONLY=<text>[|<text>…] runs only the scenarios whose
 * name contains one of the texts.
 */
import 'reflect-metadata';

import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';

import { AppModule } from '../src/app.module.js';
import { APP_OPTIONS, configureApp, createAdapter } from '../src/app.setup.js';
import { BillingService } from '../src/billing/billing.service.js';
import { connectionUrl } from '../src/database/data-source.js';
import { bufferedRequestLines, createRootLogger } from '../src/http/request-logging.js';
import { QuotaOverviewService } from '../src/quota/quota-overview.service.js';
import { QuotaWindows } from '../src/quota/windows.js';
import { UsageHistoryService } from '../src/billing/usage-history.service.js';
import { createDatabase, seed } from './database.js';
import { startFloor } from './floor.js';
import { Bench, CONCURRENCY, log } from './measure.js';
import { PeakMemory, sampleMemory } from './memory.js';
import { printTable, saveReport } from './report.js';
import {
  checks,
  consoleQueries,
  holds,
  hotRow,
  http,
  quietService,
  spreadRows,
  type Target,
  TOKEN,
} from './scenarios.js';

async function main(): Promise<void> {
  const database = await createDatabase();
  log(`database: ${database.url ? `PostgreSQL at ${new URL(database.url).host}` : `embedded, in ${database.folder}`}`);
  const app = configureApp(
    await NestFactory.create<NestFastifyApplication>(
      // The default log level, one line per request, written as the service writes them (see
      // bufferedRequestLines), to /dev/null: formatted, not kept.
      AppModule.forRoot({ env: { ...database.env, LOG_LEVEL: 'info', BILLING_SERVICE_TOKEN: TOKEN } }),
      createAdapter(createRootLogger(bufferedRequestLines('/dev/null'))),
      { ...APP_OPTIONS, logger: false },
    ),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const floor = await startFloor();
  const idle = sampleMemory(database.folder);
  const peak = new PeakMemory(database.folder);
  const ds = app.get(DataSource);
  // The baselines: one statement per call, one connection per caller.
  const pool = new pg.Pool({ connectionString: connectionUrl(ds), max: CONCURRENCY });
  try {
    const target: Target = {
      billing: app.get(BillingService),
      windows: app.get(QuotaWindows),
      overview: app.get(QuotaOverviewService),
      history: app.get(UsageHistoryService),
      query: (name, text, values) => pool.query({ name, text, values }),
      first: await seed(ds),
      baseUrl: await app.getUrl(),
      floorUrl: floor.url,
    };
    const bench = new Bench(() => ds.query('VACUUM ANALYZE user_platform_quotas, quota_holds'));
    for (const scenarios of [spreadRows, holds, quietService, hotRow, checks, consoleQueries, http]) {
      await scenarios(bench, target);
    }

    const memory = { idle, peak: await peak.stop(), peakRssMb: process.resourceUsage().maxRSS / 1024 };
    printTable(bench.rows, memory);
    const [{ version }] = await ds.query('SELECT version()');
    saveReport(bench.rows, memory, String(version));
  } finally {
    await floor.close();
    await pool.end();
    await app.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
