/**
 * Which processes are alive, told apart from a later process that got the same pid, and a lock
 * file that several processes on one machine take in turn (the embedded database's folder).
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process as another one can recognise it later: its pid and, where the system says, its start time. */
export interface ProcessId {
  pid: number;
  started?: string;
}

/** The start time of a process (Linux: field 22 of /proc/<pid>/stat), or undefined where unknown. */
function startTimeOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie has exited; it only waits to be reaped.
    return fields[0] === 'Z' || fields[0] === 'X' ? 'exited' : fields[19];
  } catch {
    return undefined;
  }
}

export function thisProcess(): ProcessId {
  return { pid: process.pid, started: startTimeOf(process.pid) };
}

/** Whether the process still runs (and is the same process, where start times are known). */
export function isRunning(id: ProcessId): boolean {
  try {
    process.kill(id.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = startTimeOf(id.pid);
  if (started === 'exited') return false;
  return id.started === undefined || started === undefined || started === id.started;
}

/**
 * Takes the lock file at `path`, waiting while a live process holds it, for at most `timeoutMs`;
 * a lock left by a process that is gone is taken over. Returns the function that releases it.
 */
export async function takeLock(path: string, timeoutMs: number, describe: () => string): Promise<() => void> {
  const me = thisProcess();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return () => {
        const holder = readHolder(path);
        if (typeof holder === 'object' && holder.pid === me.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder === 'being written') {
      await sleep(10);
      continue;
    }
    if (!holder || !isRunning(holder)) {
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`${describe()} is held by process ${holder.pid}`);
    await sleep(50);
  }
}

/**
 * The process holding the lock; undefined when there is none (or the file was left half written
 * by a process that died while writing it); 'being written' for a file just created.
 */
function readHolder(path: string): ProcessId | 'being written' | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as ProcessId;
  } catch {
    try {
      return Date.now() - statSync(path).mtimeMs < 1000 ? 'being written' : undefined;
    } catch {
      return undefined;
    }
  }
}
