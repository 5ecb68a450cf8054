/**
 * Writes web/src/api/schema.d.ts, the console's types of the API, from the OpenAPI document of a
 * running service: `npm run api:types [-- http://localhost:3000]`. It starts nothing itself.
 * test/console-api-types.e2e-spec.ts builds the app, generates the same file from its document
 * and fails when the checked-in one differs, so the console and the API cannot drift apart.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

import openapiTS, { astToString } from 'openapi-typescript';

export const API_TYPES_FILE = resolve('web/src/api/schema.d.ts');

const HEADER =
  "/**\n * Generated from the service's OpenAPI document (/docs-json) by `npm run api:types`: do not edit.\n */\n\n";

export async function generateApiTypes(document: object): Promise<string> {
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0], { alphabetize: true });
  return HEADER + astToString(ast);
}

async function main(): Promise<void> {
  const base = process.argv[2] ?? 'http://localhost:3000';
  const response = await fetch(new URL('/docs-json', base));
  if (!response.ok) throw new Error(`GET ${base}/docs-json answered ${response.status}`);
  writeFileSync(API_TYPES_FILE, await generateApiTypes((await response.json()) as object));
  console.log(`Wrote ${API_TYPES_FILE}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
