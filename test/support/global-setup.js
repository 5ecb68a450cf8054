/**
 * Compiles the service once per test run into .test-build/, for the tests that start it as a real
 * process (signals, boot failures, CLIs): Nest needs the decorator metadata only tsc emits.
 */
import { execFileSync } from 'node:child_process';

export default function globalSetup() {
  execFileSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', '.test-build'],
    {
      stdio: 'inherit',
    },
  );
}
