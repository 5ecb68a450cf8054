/** The compiled service as a real process: refusing bad configuration, and stopping on SIGTERM. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { embeddedFolder } from './support/folders.js';
import { BUILD_DIR, run, start, waitForOutput } from './support/processes.js';
import { createTestApp } from './support/test-app.js';
import { useTestDatabase } from './support/test-database.js';

/** The service as `npm start` runs it. */
const MAIN = join(BUILD_DIR, 'service.js');

/** The process's output as the JSON lines it must consist of. */
function jsonLines(stdout: string): { msg: string; variable?: string; [key: string]: unknown }[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { msg: string; variable?: string });
}

describe('the service process', () => {
  const db = useTestDatabase();
  const folder = embeddedFolder('quota-process-');
  const dir = join(folder.dir, '..');

  afterAll(() => folder.remove());

  it.each([
    ['QUOTA_TIMEZONE', 'Europe/Atlantis'],
    ['QUOTA_MONTHLY_WINDOW', 'lunar'],
  ])(
    'refuses to boot with a bad %s and names it',
    async (name, value) => {
      const result = await run([MAIN], { EMBEDDED_DB_DIR: join(dir, 'never'), [name]: value });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe('');
      const named = jsonLines(result.stdout).filter((line) => line.variable === name);
      expect(named).toHaveLength(1);
      expect(named[0].msg).toContain(`${name}: `);
      expect(named[0].msg).toContain(JSON.stringify(value));
      // Validation happens before anything is opened.
      expect(existsSync(join(dir, 'never'))).toBe(false);

      await expect(createTestApp(db, { env: { [name]: value } })).rejects.toThrow(name);
    },
    120_000,
  );

  it('stops cleanly on SIGTERM, sent twice, and stops the embedded database it started', async () => {
    const dataDir = folder.dir;
    const service = start([MAIN], { EMBEDDED_DB_DIR: dataDir, PORT: '0' });
    let port: number;
    try {
      await waitForOutput(service, (out) => out.includes('Listening on port'));
      port = Number(/Listening on port (\d+)/.exec(service.output().stdout)![1]);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      // The bundled service serves what the compiled one does: the API document, its UI, the
      // metrics and the console, each from the package that provides it.
      const doc = await fetch(`http://127.0.0.1:${port}/docs-json`);
      expect(doc.status).toBe(200);
      const document = (await doc.json()) as { paths: object; components: { schemas: object } };
      expect(Object.keys(document.paths)).toContain('/api/v1/internal/billing/charge');
      // Classes keep their own names in the bundle, also those it renamed (tsc's output declares
      // a decorated class twice, `let PatchQuotaDto = class PatchQuotaDto`, and the bundle calls
      // one of them PatchQuotaDto2): the document names its schemas after them.
      const schemas = Object.keys(document.components.schemas);
      expect(schemas).toEqual(expect.arrayContaining(['UserDto', 'PatchQuotaDto', 'BulkTargetDto', 'ErrorBodyDto']));
      expect(schemas.filter((name) => /\d$/.test(name))).toEqual([]);
      const ui = await fetch(`http://127.0.0.1:${port}/docs/swagger-ui-bundle.js`);
      expect(ui.status).toBe(200);
      // Read to the end: a response still being sent holds up the stop below.
      expect((await ui.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
      const metrics = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('http_request_duration_seconds');
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app">');
      expect(service.output().stdout).toContain(`Using the embedded PostgreSQL in ${dataDir}`);
    } catch (error) {
      // Not left running when a check fails: it holds the embedded server, and Jest would wait.
      service.child.kill('SIGTERM');
      await service.finished;
      throw error;
    }

    // Twice, as under `npm start`, which passes on the signal its process group also got.
    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    service.child.kill('SIGTERM');
    const result = await service.finished;
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(jsonLines(result.stdout).map((line) => line.msg)).toEqual(
      expect.arrayContaining(['Received SIGTERM; stopping', 'Stopped']),
    );
    // The server goes last, after the service closed its connections and left it.
    expect(readdirSync(join(dataDir, 'pgdata'))).not.toContain('postmaster.pid');
    expect(readdirSync(join(dataDir, 'clients'))).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 120_000);

  it('writes one JSON line per request with its id and status, errors included, and echoes the id', async () => {
    const token = 'process-test-service-token-0123456789';
    const service = start([MAIN], { DATABASE_URL: db.url, PORT: '0', BILLING_SERVICE_TOKEN: token });
    try {
      await waitForOutput(service, (out) => out.includes('Listening on port'));
      const port = Number(/Listening on port (\d+)/.exec(service.output().stdout)![1]);
      const send = (id: string, init: RequestInit = {}, path = '/healthz') =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          ...init,
          headers: { 'X-Request-Id': id, Authorization: `Bearer ${token}`, ...init.headers },
        });
      const json = { 'Content-Type': 'application/json' };
      const answers = await Promise.all([
        send('log-ok'),
        send('log-malformed', { method: 'POST', headers: json, body: '{"a":' }, '/api/v1/internal/billing/check'),
        send(
          'log-too-large',
          { method: 'POST', headers: json, body: JSON.stringify({ pad: 'x'.repeat(400_000) }) },
          '/api/v1/internal/billing/charge',
        ),
        send(
          'log-not-json',
          { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' },
          '/api/v1/internal/billing/check',
        ),
        send('log-nowhere', {}, '/nowhere'),
      ]);
      expect(answers.map((a) => a.status)).toEqual([200, 400, 413, 415, 404]);
      const ids = ['log-ok', 'log-malformed', 'log-too-large', 'log-not-json', 'log-nowhere'];
      expect(answers.map((a) => a.headers.get('x-request-id'))).toEqual(ids);
      // The lines of requests answered below 500 are written together, within 100 ms of each,
      // and a write of several lines may reach this end of the pipe in parts.
      await waitForOutput(
        service,
        (out) => out.endsWith('\n') && ids.every((id) => out.includes(`"reqId":"${id}"`)),
        10_000,
      );
      const lines = jsonLines(service.output().stdout) as {
        reqId?: string;
        msg: string;
        res?: { statusCode: number };
      }[];
      const completed = lines.filter((line) => line.msg === 'request completed');
      for (const [id, status] of [
        ['log-ok', 200],
        ['log-malformed', 400],
        ['log-too-large', 413],
        ['log-not-json', 415],
        ['log-nowhere', 404],
      ] as const) {
        expect(completed.filter((line) => line.reqId === id).map((line) => line.res?.statusCode)).toEqual([status]);
      }
      expect(service.output().stderr).toBe('');
    } finally {
      service.child.kill('SIGTERM');
      await service.finished;
    }
  }, 120_000);
});
