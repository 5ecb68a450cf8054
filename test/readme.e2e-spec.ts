/**
 * The README's quick start and billing example, run by bash as a newcomer would paste them, in a
 * fresh folder (so on a fresh embedded database), with `npm start` and the CLIs of this checkout.
 * Only the port differs: the README's 3000 becomes a free one.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { childEnv } from './support/processes.js';

/** The bash block that follows the HTML comment starting with `<!-- marker`. */
function block(readme: string, marker: string): string {
  const at = readme.indexOf(`<!-- ${marker}`);
  expect(at).toBeGreaterThan(-1);
  const found = /```bash\n([\s\S]*?)```/.exec(readme.slice(at));
  return found![1];
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The JSON objects the script printed, in order: the CLIs end theirs with a newline, curl does not,
 * so one line may hold several.
 */
function jsonValues(stdout: string): unknown[] {
  const values: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < stdout.length; i++) {
    const c = stdout[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && depth > 0) inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && depth > 0 && --depth === 0) values.push(JSON.parse(stdout.slice(start, i + 1)));
  }
  return values;
}

describe('the README', () => {
  const checkout = resolve('.');
  const dir = mkdtempSync(join(tmpdir(), 'quota-readme-'));
  // The embedded server, run as "postgres" when the tests run as root, must reach ./data.
  chmodSync(dir, 0o711);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('quick start and billing example run as written', async () => {
    // The checkout's files, read-only in effect: a build that finds them newer than dist/ replaces
    // the link with a dist/ of this folder's own.
    const entries = [
      'package.json',
      'node_modules',
      'dist',
      'scripts',
      'src',
      'web',
      'tsconfig.json',
      'tsconfig.build.json',
    ];
    for (const entry of entries) symlinkSync(join(checkout, entry), join(dir, entry));
    const port = await freePort();
    const readme = readFileSync('README.md', 'utf8');
    const script = [block(readme, 'quick-start'), block(readme, 'billing-example')]
      .join('\n')
      .replaceAll('localhost:3000', `localhost:${port}`);

    // Its own process group, so that the service it leaves running in the background goes too.
    const shell = spawn('bash', ['-e', '-c', script], {
      cwd: dir,
      env: childEnv({ PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => process.kill(-shell.pid!, 'SIGKILL'), 150_000);
    const [code] = (await once(shell, 'exit')) as [number | null];
    clearTimeout(timer);
    try {
      const log = existsSync(join(dir, 'service.log')) ? readFileSync(join(dir, 'service.log'), 'utf8') : '';
      expect({ code, stderr, log: code === 0 ? '' : log }).toEqual({ code: 0, stderr: '', log: '' });
      const [admin, settings, saved, user, check, charge] = jsonValues(stdout) as Record<string, unknown>[];
      expect(admin).toMatchObject({ id: 1, email: 'admin@example.com', role: 'admin' });
      expect(settings).toHaveProperty('default_platform_quotas');
      expect(saved).toMatchObject({ default_platform_quotas: { openai: { daily: '5', monthly: '100' } } });
      expect(user).toMatchObject({ id: 2, email: 'dev@example.com' });
      expect(user.platform_quotas).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ platform: 'openai', daily_limit_usd: '5', monthly_limit_usd: '100' }),
        ]),
      );
      expect(check).toMatchObject({ allowed: true });
      expect(charge).toMatchObject({ duplicate: false });
      expect(JSON.stringify(charge)).toContain('"0.0125"');
    } finally {
      // The service the quick start left in the background.
      try {
        process.kill(-shell.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    }
    const log = await waitForLine(join(dir, 'service.log'), 'Stopped', 30_000);
    expect(log).toContain('"msg":"Stopped"');
    for (const line of log.split('\n').filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  }, 200_000);
});

async function waitForLine(file: string, message: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = readFileSync(file, 'utf8');
    if (text.includes(`"msg":"${message}"`) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}
