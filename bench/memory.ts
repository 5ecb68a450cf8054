/**
 * The memory the benchmark's processes hold: this process (the service and the in-process
 * callers) and, on the embedded database, its server's processes. Shared pages (the server's
 * shared buffers) would be counted once per process by RSS, so the server's processes are counted
 * by their proportional share (PSS, Linux): what they hold together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MemorySample {
  serviceMb: number;
  databaseMb: number;
}

/** The postmaster's pid and its children (backends, writers): the embedded server's processes. */
function serverProcesses(folder: string): number[] {
  let postmaster: number;
  try {
    postmaster = Number(readFileSync(join(folder, 'pgdata', 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return [];
  }
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function pssMb(pid: number): number {
  try {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export function sampleMemory(folder: string | undefined): MemorySample {
  return {
    serviceMb: process.memoryUsage().rss / 2 ** 20,
    databaseMb: folder ? serverProcesses(folder).reduce((sum, pid) => sum + pssMb(pid), 0) : 0,
  };
}

/** Samples every half second while it runs and keeps the largest sum. */
export class PeakMemory {
  peak: MemorySample = { serviceMb: 0, databaseMb: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly folder: string | undefined) {
    this.timer = setInterval(() => this.sample(), 500);
    this.timer.unref();
  }

  sample(): void {
    const now = sampleMemory(this.folder);
    if (now.serviceMb + now.databaseMb > this.peak.serviceMb + this.peak.databaseMb) this.peak = now;
  }

  stop(): MemorySample {
    clearInterval(this.timer);
    this.sample();
    return this.peak;
  }
}
