/**
 * For the console's browser tests: the console built, a real headless Chromium (Debian's
 * `chromium` package, driven by playwright-core; Playwright's own browser download is not used),
 * a service listening on a port, and a watch on the page that fails a test on any console error
 * or page error.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';
import request from 'supertest';

import { FakeClock } from './fake-clock.js';
import { type TestApp, useTestApp } from './test-app.js';

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

/** Saves the page as `<name>.png` into .test-build/screenshots/, or the folder CONSOLE_SCREENSHOTS names. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // A window as tall as the page, so that a bar kept at the window's bottom (position: sticky)
  // is pictured where it ends up, below the form, rather than across its middle.
  const viewport = page.viewportSize();
  const height = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement
        .scrollHeight,
  );
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  } finally {
    if (viewport) await page.setViewportSize(viewport);
  }
}

export const SERVICE_TOKEN = 'console-tests-service-token-0123456789';

/**
 * The service for the tests of the enclosing `describe`: the console built first, then the real
 * app on a fresh database, listening on a free port of 127.0.0.1. Its clock starts at the real
 * time (the browser counts down against it) and stays there unless a test moves it.
 */
export function useConsoleService() {
  beforeAll(() => buildConsole());
  const t = useTestApp({ clock: new FakeClock(new Date()), env: { BILLING_SERVICE_TOKEN: SERVICE_TOKEN } });
  const handle = { t, base: '' };
  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.getHttpServer().address() as AddressInfo;
    handle.base = `http://127.0.0.1:${address.port}`;
  });
  return handle;
}

/** Posts a charge through the internal billing API, as a gateway does. */
export async function charge(t: TestApp, userId: number, platform: string, cost: string): Promise<void> {
  await request(t.http)
    .post('/api/v1/internal/billing/charge')
    .set('Authorization', `Bearer ${SERVICE_TOKEN}`)
    .send({ user_id: userId, platform, cost_usd: cost, request_id: randomUUID() })
    .expect(200);
}

/** Waits until the page's address has this path (the console navigates without reloading). */
export async function waitForPath(page: Page, path: string | RegExp): Promise<void> {
  const pattern = typeof path === 'string' ? `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : path.source;
  // Runs in the page: its global object is the browser's window.
  await page.waitForFunction(
    (source) => new RegExp(source).test((globalThis as unknown as { location: URL }).location.pathname),
    pattern,
  );
}

/** What the page keeps as its session token (sessionStorage), read in the page. */
export function storedToken(page: Page): Promise<string | null> {
  return page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }).sessionStorage.getItem(
      'platform-quotas.token',
    ),
  );
}

/** The page's language, as its <html lang> says. */
export function pageLanguage(page: Page): Promise<string> {
  return page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang,
  );
}

interface PageElement {
  tagName: string;
  id: string;
  className: unknown;
  children: ArrayLike<PageElement>;
  getBoundingClientRect(): { right: number };
}

/**
 * What sticks out past the window's right edge: the page's scroll width, and the outermost
 * elements that end beyond it (`tag#id.class`), empty when the page fits.
 */
export async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; elements: string[] }> {
  // Runs in the page: its global object is the browser's window.
  return page.evaluate(async () => {
    const { document, innerWidth, getComputedStyle } = globalThis as unknown as {
      innerWidth: number;
      getComputedStyle(element: PageElement): { overflowX: string };
      document: {
        fonts: { ready: Promise<unknown> };
        documentElement: { scrollWidth: number };
        body: PageElement;
      };
    };
    await document.fonts.ready;
    const elements: string[] = [];
    const visit = (element: PageElement) => {
      if (element.getBoundingClientRect().right > innerWidth + 0.5) {
        const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/) : [];
        elements.push(
          [
            element.tagName.toLowerCase(),
            element.id ? `#${element.id}` : '',
            ...classes.filter(Boolean).map((c) => `.${c}`),
          ].join(''),
        );
        return;
      }
      // What a box scrolls or clips inside itself does not widen the page.
      if (getComputedStyle(element).overflowX === 'visible') Array.from(element.children).forEach(visit);
    };
    visit(document.body);
    return { scrollWidth: document.documentElement.scrollWidth, width: innerWidth, elements };
  });
}
