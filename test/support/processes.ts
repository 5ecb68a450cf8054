/** Runs the compiled service (see global-setup.js) and the CLIs as child processes. */
import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

export const BUILD_DIR = resolve('.test-build');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a child gets: ours minus anything that would point it at another database. */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, EMBEDDED_DB_DIR: _dir, ...rest } = process.env;
  return { ...rest, DATABASE_URL: '', LOG_LEVEL: 'info', ...env };
}

export interface Running {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  finished: Promise<Finished>;
}

/** Starts `command` (default: this Node.js binary) with the given arguments and variables. */
export function start(args: string[], env: Record<string, string>, command = process.execPath): Running {
  const child = spawn(command, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const finished = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
  return { child, output: () => ({ stdout, stderr }), finished };
}

export async function run(
  args: string[],
  env: Record<string, string>,
  command?: string,
  timeoutMs = 90_000,
): Promise<Finished> {
  const running = start(args, env, command);
  const timer = setTimeout(() => running.child.kill('SIGKILL'), timeoutMs);
  try {
    return await running.finished;
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until `predicate` holds on the child's output, or fails with what it printed. */
export async function waitForOutput(
  running: Running,
  predicate: (stdout: string) => boolean,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(running.output().stdout)) {
    if (running.child.exitCode !== null || Date.now() > deadline) {
      const { stdout, stderr } = running.output();
      throw new Error(`process did not get ready:\n${stdout}\n${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm run <script> -- <args>`, as a user would type it. */
export function npmRun(script: string, args: string[], env: Record<string, string>): Promise<Finished> {
  return run(['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], env, 'npm');
}
