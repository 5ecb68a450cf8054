/**
 * The console's first load stays within 200 KB of JavaScript, gzip: each page opened in a fresh
 * browser (nothing cached), every script it fetched until the network went quiet, gzip-compressed
 * as a server would send it.
 */
import { gzipSync } from 'node:zlib';

import { tokenFor } from './support/auth.js';
import { charge, describeInBrowser, launchBrowser, useConsoleService, watchPage } from './support/browser.js';
import { createUser, setQuota } from './support/fixtures.js';

const BUDGET_BYTES = 200 * 1000;

describeInBrowser('the console’s first load', () => {
  const service = useConsoleService();
  const t = service.t;
  let adminToken: string;
  let userToken: string;
  let userId: number;

  beforeAll(async () => {
    adminToken = await tokenFor(t, (await createUser(t.dataSource, { role: 'admin' })).id);
    userId = (await createUser(t.dataSource, { email: 'ada@example.com' })).id;
    await setQuota(t.dataSource, userId, 'openai', { limits: { daily: 10 } });
    await charge(t, userId, 'openai', '2.5');
    userToken = await tokenFor(t, userId);
  });

  /** The JavaScript a fresh browser fetches to show this address: each file's gzip size, by path. */
  async function firstLoad(address: () => string, heading: string): Promise<Map<string, number>> {
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const watch = watchPage(page);
      const scripts = new Map<string, number>();
      const pending: Promise<void>[] = [];
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        if (!path.endsWith('.js')) return;
        pending.push(
          response.body().then((body) => {
            scripts.set(path, gzipSync(body).length);
          }),
        );
      });
      await page.goto(address());
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      await Promise.all(pending);
      expect(watch.unexpected()).toEqual([]);
      return scripts;
    } finally {
      await browser.close();
    }
  }

  const total = (scripts: Map<string, number>) => [...scripts.values()].reduce((a, b) => a + b, 0);

  it.each([
    ['the sign-in page', () => `${service.base}/sign-in`, 'Sign in'],
    ['a user’s own page, chart included', () => `${service.base}/#token=${userToken}`, 'My quotas'],
    ['the admin’s users page', () => `${service.base}/#token=${adminToken}`, 'Users'],
    [
      'a user’s quotas, chart included',
      () => `${service.base}/admin/users/${userId}#token=${adminToken}`,
      'ada@example.com',
    ],
  ])('%s is within 200 KB of JavaScript, gzip', async (name, address, heading) => {
    const scripts = await firstLoad(address, heading);
    const bytes = total(scripts);
    console.log(
      `First load of ${name}: ${(bytes / 1000).toFixed(1)} KB of JavaScript gzip in ${scripts.size} files ` +
        `(budget ${BUDGET_BYTES / 1000} KB)`,
    );
    expect(scripts.size).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
