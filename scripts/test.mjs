/**
 * `npm test`: the service's Jest suite (unit, e2e and the console's browser tests), then the web
 * console's Vitest suite. Arguments go to Jest (`npm test -- test/auth.e2e-spec.ts`); arguments
 * under web/ go to Vitest alone (`npm test -- web/src/quota.test.ts`).
 *
 * The browser tests need a Chromium (Debian's `chromium`, or CHROMIUM_PATH): without one they are
 * skipped, and the run ends by saying so; under CI=true they fail instead (test/support/browser.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const webArgs = args.filter((arg) => arg.startsWith('web/'));
const jestArgs = args.filter((arg) => !arg.startsWith('web/'));
// The same default as test/support/browser.ts.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const jestPatterns = jestArgs.filter((arg) => !arg.startsWith('-'));
const browserTests =
  (webArgs.length === 0 && jestPatterns.length === 0) ||
  jestPatterns.some((arg) => /console-browser|^(\.\/)?test\/?$/.test(arg));

function run(command, commandArgs) {
  return spawnSync(command, commandArgs, { stdio: 'inherit' }).status ?? 1;
}

function sayWhetherBrowserTestsRan() {
  if (!browserTests || existsSync(chromium)) return;
  const why = `no Chromium at ${chromium}; install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`;
  console.warn(
    process.env.CI === 'true'
      ? `\nThe console's browser tests FAILED under CI=true: ${why}.\n`
      : `\nThe console's browser tests (test/console-browser-*) were SKIPPED: ${why}.\n`,
  );
}

if (webArgs.length === 0 || jestArgs.length > 0) {
  const status = run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...jestArgs]);
  if (status !== 0) {
    sayWhetherBrowserTestsRan();
    process.exit(status);
  }
}
if (args.length === 0 || webArgs.length > 0) {
  const status = run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'web/vitest.config.ts',
    ...webArgs.map((arg) => arg.replace(/^web\//, '')),
  ]);
  if (status !== 0) process.exit(status);
}
sayWhetherBrowserTestsRan();
