/**
 * Compiles src/ into dist/ with tsc, when something it is built from changed since the last build
 * (or always, with --force). `npm start` and the CLIs run it first, so they start at once when
 * nothing changed and never run a stale build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
const STAMP = join('dist', '.built');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

const force = process.argv.includes('--force');
if (!force && existsSync(STAMP) && statSync(STAMP).mtimeMs >= Math.max(...INPUTS.map(newest))) process.exit(0);

// A file removed from src/ must not linger in dist/.
rmSync('dist', { recursive: true, force: true });
execFileSync(process.execPath, [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  stdio: 'inherit',
});
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
