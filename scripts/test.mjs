/**
 * `npm test`: the service's Jest suite (unit, e2e and the console's browser tests), then the web
 * console's Vitest suite. Arguments go to Jest (`npm test -- test/auth.e2e-spec.ts`); arguments
 * under web/ go to Vitest alone (`npm test -- web/src/quota.test.ts`).
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const webArgs = args.filter((arg) => arg.startsWith('web/'));
const jestArgs = args.filter((arg) => !arg.startsWith('web/'));

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (webArgs.length === 0 || jestArgs.length > 0) {
  run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...jestArgs]);
}
if (args.length === 0 || webArgs.length > 0) {
  run(process.execPath, [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--config',
    'web/vitest.config.ts',
    ...webArgs.map((arg) => arg.replace(/^web\//, '')),
  ]);
}
