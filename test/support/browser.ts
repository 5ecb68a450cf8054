/**
 * For the console's browser tests: the console built, a real headless Chromium (Debian's
 * `chromium` package, driven by playwright-core; Playwright's own browser download is not used),
 * a service listening on a port, and a watch on the page that fails a test on any console error
 * or page error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` when a Chromium is installed; otherwise the tests are skipped and the run says so
 * plainly, except under CI=true, where a missing browser fails the run.
 */
export function describeInBrowser(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
    return;
  }
  const reason = `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs a browser', () => {
        throw new Error(`Browser tests cannot run under CI: ${reason}`);
      });
    });
    return;
  }
  console.warn(`SKIPPED the browser tests "${name}": ${reason}`);
  describe.skip(name, body);
}

/** Builds web/ into web/dist when its sources changed (as `npm start` does). */
export function buildConsole(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--web'], { stdio: 'inherit' });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A fresh Chromium with a user-data folder of its own, in the given language and window size. */
export async function launchBrowser(
  options: { locale?: string; width?: number; height?: number } = {},
): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    locale: options.locale ?? 'en-US',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timeout: 60_000,
  });
  context.setDefaultTimeout(15_000);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Collects what the page reports as wrong: console errors, uncaught errors, and vue-i18n's
 * warnings about a missing message. `expected` lets a test name the errors it provokes (the
 * browser logs every failed request, a 400 the test asked for included).
 */
export function watchPage(page: Page) {
  const problems: string[] = [];
  const expected: RegExp[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' || (message.type() === 'warning' && text.includes('[intlify]'))) {
      problems.push(`${message.type()}: ${text} (${message.location().url})`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    expect(pattern: RegExp) {
      expected.push(pattern);
    },
    unexpected(): string[] {
      return problems.filter((p) => !expected.some((pattern) => pattern.test(p)));
    },
  };
}

export const SCREENSHOT_DIR = resolve(process.env.CONSOLE_SCREENSHOTS ?? '.test-build/screenshots');

/** Saves the page as `<name>.png` (into docs/screenshots/ with CONSOLE_SCREENSHOTS=docs/screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
