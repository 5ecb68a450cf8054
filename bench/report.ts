/** The benchmark's table on stdout and its JSON in bench/results/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { USERS } from './database.js';
import { CONCURRENCY, log, ROUNDS, type Row, SECONDS } from './measure.js';
import type { MemorySample } from './memory.js';

export interface MemoryReport {
  /** Right after start, before the seed. */
  idle: MemorySample;
  /** The largest sum sampled during the run. */
  peak: MemorySample;
  /** This process's own peak RSS, as the kernel counted it. */
  peakRssMb: number;
}

const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', 'results');

export function printTable(rows: Row[], memory: MemoryReport): void {
  const header = [
    'scenario',
    'ops/s',
    'p50 ms',
    'p99 ms',
    'CPU µs/op',
    'vs baselines: plain / prepared (then the HTTP floor, or the one-write ones), or as named',
  ];
  const lines = rows.map((r) => [
    r.name,
    r.opsPerSecond.toFixed(0),
    r.p50.toFixed(2),
    r.p99.toFixed(2),
    r.cpuUsPerOp.toFixed(1),
    Object.entries(r.ratios)
      .map(([name, x]) => `${x.toFixed(2)}x${Object.keys(r.ratios).length === 1 ? ` ${name}` : ''}`)
      .join(' / ') || '-',
  ]);
  const mb = (sample: MemorySample) =>
    `${(sample.serviceMb + sample.databaseMb).toFixed(0)} MB (${sample.serviceMb.toFixed(0)} + ${sample.databaseMb.toFixed(0)})`;
  lines.push(['memory at idle (service + embedded database)', mb(memory.idle), '', '', '', '']);
  lines.push(['memory at peak (service + embedded database)', mb(memory.peak), '', '', '', '']);
  lines.push(['peak RSS (service and in-process callers)', `${memory.peakRssMb.toFixed(0)} MB`, '', '', '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\nMedians over ${ROUNDS} rounds of ${SECONDS} s, ${CONCURRENCY} concurrent callers unless the name says otherwise`,
  );
  console.log(`${fmt(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${lines.map(fmt).join('\n')}\n`);
}

/** Writes the rows, every round included, with the machine they were measured on. */
export function saveReport(rows: Row[], memory: MemoryReport, databaseVersion: string): void {
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      database: databaseVersion.split(' on ')[0],
    },
    seconds: SECONDS,
    rounds: ROUNDS,
    concurrency: CONCURRENCY,
    users: USERS,
    rows,
    memory,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `bench-${report.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  log(`saved ${file}`);
}
