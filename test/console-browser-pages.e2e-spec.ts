/**
 * Every page of the console in English and Chinese (the browser's language picks it), on a desktop
 * and at 375 px wide, where nothing may scroll sideways. Each is saved as a screenshot
 * (the README's pictures in docs/screenshots/ are four of them).
 */
import type { Page } from 'playwright-core';
import request from 'supertest';

import { tokenFor } from './support/auth.js';
import {
  type Browser,
  charge,
  describeInBrowser,
  launchBrowser,
  overflow,
  pageLanguage,
  screenshot,
  useConsoleService,
  waitForPath,
  watchPage,
} from './support/browser.js';
import { createUser } from './support/fixtures.js';

const LANGUAGES = [
  { locale: 'en-US', lang: 'en', headings: { users: 'Users', defaults: 'Defaults for new users', me: 'My quotas' } },
  { locale: 'zh-CN', lang: 'zh', headings: { users: '用户', defaults: '新用户的默认限额', me: '我的限额' } },
] as const;
const SIZES = [
  { size: 'desktop', width: 1280, height: 900 },
  { size: 'mobile', width: 375, height: 812 },
] as const;

describeInBrowser('every page of the console', () => {
  const service = useConsoleService();
  const t = service.t;
  let adminToken: string;
  let userToken: string;
  let userId: number;

  beforeAll(async () => {
    const admin = await createUser(t.dataSource, { role: 'admin', email: 'admin@example.com' });
    adminToken = await tokenFor(t, admin.id);
    const auth = { Authorization: `Bearer ${adminToken}` };
    await request(t.http)
      .put('/api/v1/admin/settings/platform-quotas')
      .set(auth)
      .send({
        default_platform_quotas: {
          anthropic: { daily: '20', weekly: '100', monthly: '300' },
          openai: { daily: '10', weekly: null, monthly: '150' },
        },
        auth_source_default_github_platform_quotas: { openai: { daily: '5' }, gemini: { daily: '0' } },
        auth_source_default_github_grant_on_signup: true,
      })
      .expect(200);
    const created = await request(t.http)
      .post('/api/v1/admin/users')
      .set(auth)
      .send({ email: 'ada.lovelace@example.com', auth_source: 'github' })
      .expect(201);
    userId = created.body.id;
    for (const email of ['grace@example.com', 'linus@example.com']) {
      await request(t.http).post('/api/v1/admin/users').set(auth).send({ email, auth_source: 'email' }).expect(201);
    }
    await charge(t, userId, 'openai', '4.2');
    await charge(t, userId, 'anthropic', '16.75');
    await request(t.http)
      .patch(`/api/v1/admin/users/${userId}/platform-quotas/openai`)
      .set(auth)
      .send({ weekly_limit_usd: '25' })
      .expect(200);
    userToken = await tokenFor(t, userId);
  });

  /** Visits a page, waits for its heading, checks it fits the width, and saves it. */
  async function shoot(page: Page, path: string, heading: string | RegExp, name: string, width: number) {
    await page.goto(`${service.base}${path}`);
    await page
      .getByRole('heading', { name: heading, exact: typeof heading === 'string' })
      .first()
      .waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    expect({ name, ...(await overflow(page)) }).toEqual({ name, scrollWidth: width, width, elements: [] });
  }

  for (const { locale, lang, headings } of LANGUAGES) {
    for (const { size, width, height } of SIZES) {
      describe(`${lang}, ${size}`, () => {
        let browser: Browser;
        beforeAll(async () => {
          browser = await launchBrowser({ locale, width, height });
        });
        afterAll(async () => browser?.close());

        it('shows each page in the browser’s language, within the width, without an error', async () => {
          const page = await browser.context.newPage();
          const watch = watchPage(page);
          const suffix = `${lang}-${size}`;

          await page.goto(`${service.base}/sign-in`);
          await page.getByRole('textbox').first().waitFor();
          await expect(pageLanguage(page)).resolves.toBe(lang === 'zh' ? 'zh-CN' : 'en');
          await screenshot(page, `sign-in-${suffix}`);

          await page.goto(`${service.base}/#token=${adminToken}`);
          await waitForPath(page, '/admin/users');
          await shoot(page, '/admin/users?sort=usage', headings.users, `users-${suffix}`, width);
          await shoot(page, `/admin/users/${userId}`, 'ada.lovelace@example.com', `user-${suffix}`, width);
          await shoot(page, '/admin/defaults', headings.defaults, `defaults-${suffix}`, width);
          await shoot(page, '/admin/bulk', /Bulk actions|批量操作/, `bulk-${suffix}`, width);
          await page.getByRole('button', { name: /Preview|预览/ }).waitFor();
          await shoot(page, '/admin/audit', /Audit log|审计日志/, `audit-${suffix}`, width);

          // Another tab has a session of its own: the user's, from their gateway's link.
          const own = await browser.context.newPage();
          const ownWatch = watchPage(own);
          await own.goto(`${service.base}/#token=${userToken}`);
          await waitForPath(own, '/me');
          await shoot(own, '/me', headings.me, `me-${suffix}`, width);

          expect([...watch.unexpected(), ...ownWatch.unexpected()]).toEqual([]);
        });
      });
    }
  }
});
