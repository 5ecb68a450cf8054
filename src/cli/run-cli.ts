/**
 * Runs a command-line tool inside the app's modules (same configuration, database and migrations
 * as the service). Failures print one plain line on stderr and exit 1; a refused input names it.
 */
import 'reflect-metadata';

import { parseArgs, type ParseArgsConfig } from 'node:util';

import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { DomainError } from '../common/domain-error.js';
import { CliModule } from './cli.module.js';

export function runCli<O extends ParseArgsConfig['options']>(
  usage: string,
  options: O,
  run: (app: INestApplicationContext, values: Record<string, string | undefined>) => Promise<string>,
): void {
  const main = async () => {
    let values: Record<string, string | undefined>;
    try {
      values = parseArgs({ options, strict: true, allowPositionals: false }).values as Record<
        string,
        string | undefined
      >;
    } catch (error) {
      throw new Error(`${(error as Error).message}\nusage: ${usage}`, { cause: error });
    }
    const app = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
    try {
      return await run(app, values);
    } finally {
      await app.close();
    }
  };
  main().then(
    (output) => process.stdout.write(`${output}\n`),
    (error: unknown) => {
      const details = error instanceof DomainError && error.details?.errors;
      console.error(`error: ${(error as Error).message ?? error}${details ? ` ${JSON.stringify(details)}` : ''}`);
      process.exit(1);
    },
  );
}

/** A required option, or a usage error naming it. */
export function required(values: Record<string, string | undefined>, name: string, usage: string): string {
  const value = values[name];
  if (value === undefined || value === '') throw new Error(`--${name} is required\nusage: ${usage}`);
  return value;
}
