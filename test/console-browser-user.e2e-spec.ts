/**
 * A gateway's user in a real Chromium, handed over by a `/#token=` link: their own page, bars
 * that move as the gateway posts charges, a disabled platform, the spend history, Chinese, and
 * the sign-in page with the server's reason once the token stops working.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';

import { tokenFor } from './support/auth.js';
import {
  type Browser,
  charge,
  describeInBrowser,
  launchBrowser,
  pageLanguage,
  screenshot,
  storedToken,
  useConsoleService,
  waitForPath,
  watchPage,
} from './support/browser.js';
import { createUser, setQuota } from './support/fixtures.js';

describeInBrowser('the console, for a user handed over by their gateway', () => {
  const service = useConsoleService();
  const t = service.t;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let userId: number;
  let token: string;

  beforeAll(async () => {
    const user = await createUser(t.dataSource, { email: 'ada@example.com', authSource: 'github' });
    userId = user.id;
    await setQuota(t.dataSource, userId, 'openai', { limits: { daily: 10, weekly: null, monthly: 100 } });
    await setQuota(t.dataSource, userId, 'anthropic', { limits: { daily: 0 } });
    // Open everywhere and never used: no card.
    await setQuota(t.dataSource, userId, 'gemini', {});
    token = await tokenFor(t, userId);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    watch = watchPage(page);
  });
  afterAll(async () => browser?.close());
  afterEach(() => expect(watch.unexpected()).toEqual([]));

  const cardOf = (platform: string) => page.getByRole('region', { name: platform });
  const bar = (platform: string, window: string) =>
    cardOf(platform).getByRole('progressbar', { name: `${platform} · ${window}` });

  it('signs in from the link, and takes the token out of the address', async () => {
    await page.goto(`${service.base}/#token=${token}`);
    await waitForPath(page, '/me');
    await page.getByRole('heading', { name: 'My quotas' }).waitFor();
    expect(page.url()).toBe(`${service.base}/me`);
    await expect(storedToken(page)).resolves.toBe(token);
    await expect(page.getByRole('navigation', { name: 'Main' }).textContent()).resolves.not.toContain('Users');
  });

  it('shows a card per platform with a limit, a bar per limited window, and Disabled and Unlimited in words', async () => {
    await expect(cardOf('openai').locator('[data-window="daily"]').textContent()).resolves.toContain('$0.00 of $10.00');
    await expect(bar('openai', 'Daily').getAttribute('aria-valuenow')).resolves.toBe('0');
    await expect(cardOf('openai').locator('[data-window="weekly"]').textContent()).resolves.toContain('Unlimited');
    await expect(cardOf('anthropic').locator('[data-window="daily"]').textContent()).resolves.toMatch(
      /Disabled.*You cannot use this platform\./,
    );
    await expect(page.getByRole('region', { name: 'gemini' }).count()).resolves.toBe(0);
  });

  it('moves the bars as the gateway posts charges: amber from 75 %, red from 95 %', async () => {
    await charge(t, userId, 'openai', '8');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await cardOf('openai').getByText('$8.00 of $10.00').waitFor();
    await expect(bar('openai', 'Daily').getAttribute('aria-valuenow')).resolves.toBe('80');
    await expect(bar('openai', 'Daily').getAttribute('data-level')).resolves.toBe('warn');
    await expect(cardOf('openai').textContent()).resolves.toContain('$2.00 left');

    await charge(t, userId, 'openai', '1.6');
    await page.getByRole('button', { name: 'Refresh' }).click();
    await cardOf('openai').getByText('$9.60 of $10.00').waitFor();
    await expect(bar('openai', 'Daily').getAttribute('data-level')).resolves.toBe('danger');
    await expect(bar('openai', 'Monthly').getAttribute('data-level')).resolves.toBe('ok');
    const daily = await cardOf('openai').locator('[data-window="daily"]').textContent();
    // The daily window ends at the next midnight (UTC): hours and minutes, or in its last hour
    // minutes and seconds, or in its last minute seconds.
    expect(daily).toMatch(/Resets in (\d+h \d+m|\d+m \d+s|\d+s) · .+ \(UTC\)/);
    await screenshot(page, 'flow-me-after-charges');
  });

  it('shows the spending history from the ledger, with exact totals', async () => {
    const totals = page.getByRole('table', { name: /Total over the period/ });
    await expect(totals.getByRole('row', { name: /^openai/ }).textContent()).resolves.toContain('$9.60');
    await page.locator('.spend-chart canvas').first().waitFor();
    await page.getByLabel('Period').selectOption('90');
    await expect(totals.getByRole('row', { name: /^openai/ }).textContent()).resolves.toContain('$9.60');
  });

  it('keeps a user out of the admin pages', async () => {
    await page.goto(`${service.base}/admin/users`);
    await waitForPath(page, '/me');
  });

  it('switches to Chinese, and stays in it', async () => {
    await page.getByLabel('Language').selectOption('zh');
    await page.getByRole('heading', { name: '我的限额' }).waitFor();
    await expect(cardOf('anthropic').textContent()).resolves.toContain('已禁用');
    await expect(cardOf('openai').textContent()).resolves.toContain('不限制');
    await page.reload();
    await page.getByRole('heading', { name: '我的限额' }).waitFor();
    await expect(pageLanguage(page)).resolves.toBe('zh-CN');
  });

  it('brings the sign-in page back with the server’s reason when the token stops working', async () => {
    // The page has finished loading (Refresh is enabled again), so the next request is the one below.
    await page.getByRole('button', { name: '刷新', disabled: false }).waitFor();
    await request(t.http)
      .delete(`/api/v1/admin/users/${userId}`)
      .set('Authorization', `Bearer ${await tokenFor(t, (await createUser(t.dataSource, { role: 'admin' })).id)}`)
      .expect(200);
    watch.expect(/status of 401/);
    await page.getByRole('button', { name: '刷新' }).click();
    await waitForPath(page, '/sign-in');
    await page.getByText('会话已结束：The user of this token no longer exists.').waitFor();
    await screenshot(page, 'flow-sign-in-session-ended');
    await expect(storedToken(page)).resolves.toBeNull();
  });
});
