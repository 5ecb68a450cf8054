/**
 * Compiles src/ into dist/ with tsc and bundles that into one file, dist/service.js
 * (scripts/bundle.mjs), and the web console (web/) into web/dist/ with Vite, each when something
 * it is built from changed since its last build (or always, with --force). `npm start` and the
 * CLIs run it first, so they start at once when nothing changed and never run a stale build.
 * `--web` builds the console alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SERVICE = {
  inputs: [
    'src',
    'tsconfig.json',
    'tsconfig.build.json',
    'package-lock.json',
    join('scripts', 'build.mjs'),
    join('scripts', 'bundle.mjs'),
  ],
  stamp: join('dist', '.built'),
  output: join('dist', 'service.js'),
};
const CONSOLE = {
  inputs: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'package-lock.json'],
  stamp: join('web', 'dist', '.built'),
};

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((entry) => newest(join(path, entry))));
}

function stale({ inputs, stamp, output = stamp }) {
  return (
    force || !existsSync(stamp) || !existsSync(output) || statSync(stamp).mtimeMs < Math.max(...inputs.map(newest))
  );
}

/** Runs a build step; when it fails, what it printed says why, so exit with its status alone. */
function run(args) {
  try {
    execFileSync(process.execPath, args, { stdio: 'inherit' });
  } catch (error) {
    process.exit(error.status ?? 1);
  }
}

const force = process.argv.includes('--force');
const webOnly = process.argv.includes('--web');

if (!webOnly && stale(SERVICE)) {
  // A file removed from src/ must not linger in dist/.
  rmSync('dist', { recursive: true, force: true });
  run([join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  // Imported here: esbuild, like tsc, is a dev dependency, and a built dist/ runs without either.
  const { bundleService } = await import('./bundle.mjs');
  await bundleService('dist');
  writeFileSync(SERVICE.stamp, `${new Date().toISOString()}\n`);
}

if (existsSync('web') && stale(CONSOLE)) {
  const vite = join('node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite)) {
    // An install without the dev dependencies: the service runs without its console (it says so).
    console.warn('Not building the web console: Vite is not installed (npm install installs it).');
  } else {
    run([vite, 'build', 'web', '--logLevel', 'warn']);
    writeFileSync(CONSOLE.stamp, `${new Date().toISOString()}\n`);
  }
}
