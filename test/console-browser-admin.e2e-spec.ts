/**
 * An admin in a real Chromium, against the real service: signs in with a pasted token, sets the
 * defaults, creates a user and sees them applied, edits and resets the user's quotas, runs a bulk
 * action and reads the audit log; a server 400 appears at its field, and a failed load keeps Save
 * disabled. Any console error the test did not provoke fails it.
 */
import type { Page } from 'playwright-core';
import request from 'supertest';

import { tokenFor } from './support/auth.js';
import {
  type Browser,
  charge,
  describeInBrowser,
  launchBrowser,
  screenshot,
  useConsoleService,
  waitForPath,
  watchPage,
} from './support/browser.js';
import { createUser } from './support/fixtures.js';

describeInBrowser('the console, for an admin', () => {
  const service = useConsoleService();
  const t = service.t;
  let browser: Browser;
  let page: Page;
  let watch: ReturnType<typeof watchPage>;
  let auth: { Authorization: string };
  let userId: number;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.context.newPage();
    watch = watchPage(page);
  });
  afterAll(async () => browser?.close());
  afterEach(() => expect(watch.unexpected()).toEqual([]));

  const api = () => request(t.http);
  /** The card (a box of the page) with this heading. */
  const card = (heading: string) =>
    page.locator('.card').filter({ has: page.getByRole('heading', { name: heading, exact: true }) });
  const quotasOf = async (id: number) =>
    (await api().get(`/api/v1/admin/users/${id}/platform-quotas`).set(auth).expect(200)).body.platform_quotas as {
      platform: string;
      [field: string]: string | null;
    }[];

  it('signs in with a pasted token and lands on the page it asked for', async () => {
    const admin = await createUser(t.dataSource, { role: 'admin', email: 'admin@example.com' });
    const token = await tokenFor(t, admin.id);
    auth = { Authorization: `Bearer ${token}` };
    await page.goto(`${service.base}/admin/defaults`);
    await waitForPath(page, '/sign-in');
    await page.getByLabel('Token').fill(token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForPath(page, '/admin/defaults');
    await page.getByRole('heading', { name: 'Defaults for new users' }).waitFor();
    await expect(page.getByRole('navigation', { name: 'Main' }).textContent()).resolves.toContain('Audit log');
  });

  it('sets the system default and the github defaults, refusing a typo at its field', async () => {
    const system = card('System default');
    await system.getByLabel('anthropic · Daily').fill('10');
    await system.getByLabel('openai · Monthly').fill('100');

    await system.getByLabel('gemini · Daily').fill('ten');
    await page.getByText('Enter an amount in USD such as 12.50').waitFor();
    await expect(system.getByLabel('gemini · Daily').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Fix the highlighted field before saving.').waitFor();
    await screenshot(page, 'flow-defaults-invalid');
    await expect(page.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
    await system.getByLabel('gemini · Daily').fill('');

    const github = page.locator('details[data-source="github"]');
    await github.getByRole('heading', { name: 'Users who sign up with github' }).click();
    await github.getByRole('switch', { name: 'Apply these overrides to new github users' }).check();
    await github.getByLabel('openai · Daily').fill('0');
    await github.getByLabel('anthropic · Weekly').fill('50');
    const gets = github.getByRole('table', { name: 'A new github user gets' });
    await expect(gets.getByRole('row', { name: /^openai/ }).textContent()).resolves.toContain('Disabled');
    await expect(gets.getByRole('row', { name: /^anthropic/ }).textContent()).resolves.toMatch(
      /\$10\.00\$50\.00Unlimited/,
    );

    const changes = page.locator('.changes');
    await expect(changes.textContent()).resolves.toContain('System default · anthropic · Daily');
    await expect(changes.textContent()).resolves.toContain('github overrides · openai · Daily');
    await expect(changes.textContent()).resolves.toContain('github: apply to new users');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Defaults saved.').waitFor();

    const stored = (await api().get('/api/v1/admin/settings/platform-quotas').set(auth).expect(200)).body;
    expect(stored.default_platform_quotas.anthropic).toEqual({ daily: '10', weekly: null, monthly: null });
    expect(stored.default_platform_quotas.openai).toEqual({ daily: null, weekly: null, monthly: '100' });
    expect(stored.auth_source_default_github_grant_on_signup).toBe(true);
    expect(stored.auth_source_default_github_platform_quotas).toEqual({
      anthropic: { daily: null, weekly: '50', monthly: null },
      openai: { daily: '0', weekly: null, monthly: null },
    });
  });

  it('shows the server’s 400 message at the field, then creates a github user with the defaults applied', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    const create = card('Create a user');
    await create.getByLabel('Email').fill('not-an-email');
    await create.getByLabel('Sign-up source').selectOption('github');
    watch.expect(/status of 400/);
    await create.getByRole('button', { name: 'Create user' }).click();
    const refused = await api()
      .post('/api/v1/admin/users')
      .set(auth)
      .send({ email: 'not-an-email', auth_source: 'github' })
      .expect(400);
    const message = refused.body.details.errors[0].message as string;
    await create.getByText(message).waitFor();
    await expect(create.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
    await screenshot(page, 'flow-create-refused');

    await create.getByLabel('Email').fill('dev@example.com');
    await create.getByRole('button', { name: 'Create user' }).click();
    await waitForPath(page, /^\/admin\/users\/\d+$/);
    userId = Number(/(\d+)$/.exec(new URL(page.url()).pathname)![1]);
    await page.getByText('Created dev@example.com with the defaults of github.').waitFor();
    // Said once: the address loses its ?created, so a reload does not say it again.
    await page.waitForURL((url) => url.search === '');
    const value = (platform: string, window: string) =>
      page.locator(`[data-platform="${platform}"]`).getByLabel(`${window} (USD)`).inputValue();
    await expect(value('anthropic', 'Daily')).resolves.toBe('10');
    await expect(value('anthropic', 'Weekly')).resolves.toBe('50');
    await expect(value('openai', 'Daily')).resolves.toBe('0');
    await expect(value('openai', 'Monthly')).resolves.toBe('100');
    await expect(value('gemini', 'Daily')).resolves.toBe('');
  });

  it('edits the user’s limits, showing what will change, and saves only that', async () => {
    await page.locator('[data-platform="openai"]').getByLabel('Weekly (USD)').fill('25.50');
    await expect(page.locator('.save-bar .changes').textContent()).resolves.toMatch(
      /openai · Weekly\s*Unlimited → \$25\.50/,
    );
    await screenshot(page, 'flow-user-unsaved');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Quotas saved.').waitFor();
    const openai = (await quotasOf(userId)).find((q) => q.platform === 'openai')!;
    expect([openai.daily_limit_usd, openai.weekly_limit_usd, openai.monthly_limit_usd]).toEqual(['0', '25.5', '100']);
  });

  it('resets a window after confirming it', async () => {
    await charge(t, userId, 'anthropic', '3.2');
    await page.reload();
    const anthropic = page.locator('[data-platform="anthropic"]');
    await anthropic.getByText('Used $3.20 / $10.00 · 32%').waitFor();
    await expect(page.getByText('Created dev@example.com with the defaults of github.').count()).resolves.toBe(0);
    await anthropic.getByRole('button', { name: 'Reset Daily usage of anthropic' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Reset the Daily usage of anthropic for dev@example.com to 0?').waitFor();
    await screenshot(page, 'flow-reset-confirm');
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('The Daily usage of anthropic is back to 0.').waitFor();
    await anthropic.getByText('Used $0.00 / $10.00 · 0%').waitFor();
    const row = (await quotasOf(userId)).find((q) => q.platform === 'anthropic')!;
    expect([row.daily_usage_usd, row.weekly_usage_usd]).toEqual(['0', '3.2']);
  });

  it('runs a bulk apply on the selected user, with a preview and the user’s outcome', async () => {
    await page.getByRole('link', { name: 'Users', exact: true }).click();
    await page.getByRole('checkbox', { name: 'Select dev@example.com' }).check();
    await page.getByRole('button', { name: 'Bulk action on the selected users' }).click();
    await waitForPath(page, '/admin/bulk');
    await expect(page.getByLabel('User ids, separated by commas or spaces').inputValue()).resolves.toBe(String(userId));
    await page.getByLabel('Apply the defaults').check();
    await page.getByLabel('Mode').selectOption('overwrite');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('This would touch 1 user.').waitFor();
    await page.getByRole('button', { name: 'Run on 1 user' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('Done: 1 changed, 0 unchanged, 0 failed.').waitFor();
    await expect(page.locator(`tr[data-user-id="${userId}"]`).textContent()).resolves.toContain('Changed');
    await screenshot(page, 'flow-bulk-done');
    const openai = (await quotasOf(userId)).find((q) => q.platform === 'openai')!;
    expect(openai.weekly_limit_usd).toBeNull();
  });

  it('reads the audit log as before → after', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('User id').fill(String(userId));
    await page.getByLabel('User id').press('Enter');
    const entries = page.locator('.audit-entry');
    await entries.filter({ hasText: 'Quota changed' }).first().waitFor();
    await expect(entries.filter({ hasText: 'Quota changed' }).first().textContent()).resolves.toMatch(
      /openai · Weekly\s*Unlimited → \$25\.50/,
    );
    await expect(entries.filter({ hasText: 'Usage reset' }).first().textContent()).resolves.toMatch(
      /Daily usage\s*\$3\.20 → \$0\.00/,
    );
    await page.getByLabel('Action').selectOption('settings.platform_quotas.updated');
    await page.getByLabel('User id').fill('');
    await page.getByLabel('User id').press('Enter');
    // The list is replaced once the new page of entries arrives; until then it shows the last one.
    await entries.filter({ hasText: 'System default' }).first().waitFor();
    await expect(entries.first().textContent()).resolves.toMatch(
      /System default · anthropic · Daily\s*Unlimited → \$10\.00/,
    );
  });

  it('keeps Save disabled when the user’s quotas fail to load', async () => {
    await page.route('**/api/v1/admin/users/*/platform-quotas', (route) => route.abort());
    watch.expect(/net::ERR_FAILED/);
    try {
      await page.goto(`${service.base}/admin/users/${userId}`);
      await page.getByText('This user’s quotas could not be loaded').waitFor();
      await expect(page.getByRole('button', { name: 'Save' }).isDisabled()).resolves.toBe(true);
      await expect(page.getByRole('button', { name: 'Clear all limits' }).isDisabled()).resolves.toBe(true);
      await screenshot(page, 'flow-user-load-failed');
    } finally {
      await page.unroute('**/api/v1/admin/users/*/platform-quotas');
    }
  });
});
