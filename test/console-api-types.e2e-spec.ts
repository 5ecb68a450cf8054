/**
 * The console's API types (web/src/api/schema.d.ts, which its typed client and every page compile
 * against) are what the service's OpenAPI document generates today. When an endpoint changes,
 * regenerate them: `npm run api:types` against a running service, or
 * `UPDATE_API_TYPES=1 npm test -- test/console-api-types.e2e-spec.ts`; then `npm run lint` shows
 * what in the console no longer fits.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import request from 'supertest';

import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.js';
import { useTestApp } from './support/test-app.js';

/** Where two texts part: the first differing line and the few after it in each, or null. */
function whereTheyPart(checkedIn: string, generated: string): string | null {
  if (checkedIn === generated) return null;
  const a = checkedIn.split('\n');
  const b = generated.split('\n');
  let line = 0;
  while (line < a.length && line < b.length && a[line] === b[line]) line++;
  const lines = (text: string[]) => text.slice(line, line + 4).join('\n');
  return `from line ${line + 1}, checked in:\n${lines(a)}\ngenerated:\n${lines(b)}`;
}

describe('the console API types', () => {
  const t = useTestApp();

  it('are what the OpenAPI document at /docs-json generates', async () => {
    const document = (await request(t.http).get('/docs-json').expect(200)).body as object;
    const generated = await generateApiTypes(document);
    if (process.env.UPDATE_API_TYPES) writeFileSync(API_TYPES_FILE, generated);
    const checkedIn = readFileSync(API_TYPES_FILE, 'utf8');
    // Null when they agree; otherwise where they part (regenerate: see the top of this file).
    expect(whereTheyPart(checkedIn, generated)).toBeNull();
  });

  it('name only operations the service has: every call the console makes is in the document', async () => {
    const document = (await request(t.http).get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const calls = [...consoleSources().matchAll(/\bapi\.(GET|POST|PUT|PATCH|DELETE)\(\s*'([^']+)'/g)].map(
      ([, method, path]) => `${method} ${path}`,
    );
    expect(new Set(calls).size).toBeGreaterThanOrEqual(15);
    const missing = calls.filter((call) => {
      const [method, path] = call.split(' ');
      return document.paths[path!]?.[method!.toLowerCase()] === undefined;
    });
    expect(missing).toEqual([]);
  });
});

/** The console's TypeScript and Vue sources, tests left out, as one text. */
function consoleSources(dir = 'web/src'): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return consoleSources(path);
      return /\.(ts|vue)$/.test(entry.name) && !/\.test\.ts$|\.d\.ts$/.test(entry.name)
        ? readFileSync(path, 'utf8')
        : '';
    })
    .join('\n');
}
