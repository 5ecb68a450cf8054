/**
 * The memory the benchmark's processes hold: this process (the service and the in-process
 * callers) and, on the embedded database, its server's processes. Shared pages (the server's
 * shared buffers) would be counted once per process by RSS, so the server's processes are counted
 * by their proportional share (PSS, Linux): what they hold together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** A field in kB of a /proc file (`Pss` of smaps_rollup, `VmRSS` of status), in MB; 0 once the process is gone. */
function procMb(path: string, field: string): number {
  try {
    const text = readFileSync(path, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

const pssMb = (pid: number) => procMb(`/proc/${pid}/smaps_rollup`, 'Pss');
const rssMb = (pid: number) => procMb(`/proc/${pid}/status`, 'VmRSS');

/** The memory of the service process `pid` and of the embedded server on `folder`, if any. */
export function sampleMemory(folder: string | undefined, pid = process.pid): MemorySample {
  return {
    serviceMb: rssMb(pid),
    databaseMb: folder ? serverProcesses(folder).reduce((sum, server) => sum + pssMb(server), 0) : 0,
  };
}

/**
 * Samples every half second while the benchmark runs and keeps the largest sum. The sampling runs
 * in a process of its own (`memory-sampler.ts`): reading the server's `smaps_rollup` takes over
 * 10 ms of CPU with 70 backends, which in this process would stall the service's event loop
 * twice a second and count in its CPU time per operation.
 */
export class PeakMemory {
  private readonly sampler: ChildProcess;

  constructor(folder: string | undefined) {
    this.sampler = fork(fileURLToPath(new URL('./memory-sampler.js', import.meta.url)), [
      String(process.pid),
      folder ?? '',
    ]);
  }

  /** Stops the sampler and gives the largest sample it took. */
  stop(): Promise<MemorySample> {
    return new Promise((resolve, reject) => {
      this.sampler.once('message', (peak) => resolve(peak as MemorySample));
      this.sampler.once('exit', (code) => reject(new Error(`the memory sampler exited (${code})`)));
      this.sampler.send('stop');
    });
  }
}
