/**
 * The service serves its web console: the page at each of the console's routes, the built assets,
 * and nothing else. Every API path, the docs, metrics and health checks answer as before, and an
 * unknown path is still the JSON 404.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';

import { createAdapter } from '../src/app.setup.js';
import { createRootLogger } from '../src/http/request-logging.js';
import { ConsoleModule } from '../src/console/console.module.js';
import { CONSOLE_DIR, consoleDistDir } from '../src/console/console-routes.js';
import { buildConsole } from './support/browser.js';
import { useTestApp } from './support/test-app.js';

beforeAll(() => buildConsole());

describe('the web console, served by the service', () => {
  const t = useTestApp();

  it.each(['/', '/sign-in', '/me', '/admin', '/admin/users', '/admin/users/42', '/admin/defaults'])(
    'answers %s with the page',
    async (path) => {
      const res = await request(t.http).get(path).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('<div id="app"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    },
  );

  it('serves the built assets, cached for good since their names change with their content', async () => {
    const asset = readdirSync(join(consoleDistDir()!, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await request(t.http).get(`/assets/${asset}`).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    await request(t.http).get('/favicon.svg').expect(200);
  });

  it.each(['/api/v1/nowhere', '/nowhere', '/assets/nothing.js', '/admin-panel'])(
    'keeps the JSON 404 for %s',
    async (path) => {
      const res = await request(t.http).get(path).expect(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: `Cannot GET ${path}` });
    },
  );

  it('leaves the API, the docs, metrics and health checks as they were', async () => {
    await request(t.http).get('/healthz').expect(200, { status: 'ok' });
    await request(t.http).get('/readyz').expect(200);
    await request(t.http).get('/metrics').expect(200);
    expect((await request(t.http).get('/docs-json').expect(200)).body.openapi).toMatch(/^3\./);
    expect((await request(t.http).get('/docs').redirects(1)).status).toBe(200);
    const res = await request(t.http).get('/api/v1/user/platform-quotas').expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});

describe('the service without a built console', () => {
  it('starts, serves no page, and says so in one log line', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-console-'));
    const warnings: string[] = [];
    const moduleRef = await Test.createTestingModule({ imports: [ConsoleModule] })
      .overrideProvider(CONSOLE_DIR)
      .useValue(empty)
      .compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(
      createAdapter(createRootLogger({ write: () => true })),
    );
    app.useLogger({ log: () => undefined, error: () => undefined, warn: (m: string) => warnings.push(m) });
    try {
      await app.init();
      await app.getHttpAdapter().getInstance().ready();
      await request(app.getHttpServer()).get('/').expect(404);
      expect(warnings).toEqual([`No web console: ${join(empty, 'index.html')} is missing (npm run build builds it)`]);
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
