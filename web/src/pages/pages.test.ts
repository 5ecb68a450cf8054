import { flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';

import { createAppI18n } from '../i18n';
import { session } from '../session';
import DefaultsPage from './DefaultsPage.vue';
import UserPage from './UserPage.vue';

const META = {
  platforms: ['anthropic', 'openai'],
  windows: ['daily', 'weekly', 'monthly'],
  auth_sources: ['email', 'github'],
  roles: ['user', 'admin'],
  timezone: 'UTC',
  monthly_window: 'rolling30d',
  currency: 'USD',
  money_scale: 10,
  money_max: '9999999999.9999999999',
} as unknown as typeof session.meta;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fake service: `routes` maps "METHOD /path" to an answer; every request is recorded. */
function fakeService(routes: Record<string, (body: unknown) => Response>) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (request: Request) => {
    const url = new URL(request.url);
    const body = request.method === 'GET' ? undefined : JSON.parse((await request.text()) || 'null');
    calls.push({ method: request.method, path: url.pathname + url.search, body });
    const key = `${request.method} ${url.pathname}`;
    const answer = routes[key];
    if (!answer) return json(404, { statusCode: 404, code: 'NOT_FOUND', message: `Cannot ${key}` });
    return answer(body);
  });
  return calls;
}

async function mountPage(component: object, path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/users/:id', component },
      { path: '/admin/defaults', component },
      { path: '/:rest(.*)*', component: { template: '<div />' } },
    ],
  });
  await router.push(path);
  await router.isReady();
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router, createAppI18n('en')] } });
  await flushPromises();
  return wrapper;
}

const row = (platform: string, limits: Record<string, string | null>) => ({
  platform,
  ...Object.fromEntries(
    ['daily', 'weekly', 'monthly'].flatMap((w) => [
      [`${w}_limit_usd`, limits[w] ?? null],
      [`${w}_usage_usd`, '1'],
      [`${w}_remaining_usd`, limits[w] ?? null],
      [`${w}_window_resets_at`, '2026-12-01T00:00:00.000Z'],
      [`${w}_window_start`, '2026-11-30T00:00:00.000Z'],
    ]),
  ),
});

beforeEach(() => {
  session.meta = META;
  session.token = 'token';
});
afterEach(() => vi.unstubAllGlobals());

describe('the user page', () => {
  const user = { id: 7, email: 'dev@example.com', auth_source: 'github', role: 'user' };
  const base = {
    'GET /api/v1/admin/users/7': () => json(200, user),
    'GET /api/v1/admin/audit-log': () => json(200, { items: [], page: 1, page_size: 20, total: 0 }),
    'GET /api/v1/admin/users/7/usage-history': () =>
      json(200, { timezone: 'UTC', from: '2026-11-01', to: '2026-11-30', days: [] }),
  };

  it('keeps Save disabled when the quotas failed to load, and says why', async () => {
    fakeService({
      ...base,
      'GET /api/v1/admin/users/7/platform-quotas': () =>
        json(503, { statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: 'The database is unavailable.' }),
    });
    const page = await mountPage(UserPage, '/admin/users/7');
    expect(page.text()).toContain(
      'could not be loaded, and saving is disabled until they are. The database is unavailable.',
    );
    const save = page.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save.attributes('disabled')).toBeDefined();
    expect(page.find('input[id^="limit-"]').exists()).toBe(false);
  });

  it('saves with one PATCH per changed platform, only the changed windows, never the others', async () => {
    const calls = fakeService({
      ...base,
      'GET /api/v1/admin/users/7/platform-quotas': () =>
        json(200, { platform_quotas: [row('anthropic', { daily: '10' }), row('openai', { monthly: '100' })] }),
      'PATCH /api/v1/admin/users/7/platform-quotas/openai': () =>
        json(200, {
          platform_quotas: [row('anthropic', { daily: '10' }), row('openai', { weekly: '25.5', monthly: '100' })],
        }),
    });
    const page = await mountPage(UserPage, '/admin/users/7');
    expect((page.find('#limit-anthropic-daily').element as HTMLInputElement).value).toBe('10');
    await page.find('#limit-openai-weekly').setValue('25.50');
    expect(page.text()).toContain('openai · Weekly');
    await page.find('form').trigger('submit');
    await flushPromises();
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([
      { method: 'PATCH', path: '/api/v1/admin/users/7/platform-quotas/openai', body: { weekly_limit_usd: '25.5' } },
    ]);
    expect(page.text()).toContain('Quotas saved.');
  });

  it('refuses a typo at its field instead of saving it as unlimited', async () => {
    const calls = fakeService({
      ...base,
      'GET /api/v1/admin/users/7/platform-quotas': () =>
        json(200, { platform_quotas: [row('openai', { daily: '5' })] }),
    });
    const page = await mountPage(UserPage, '/admin/users/7');
    await page.find('#limit-openai-daily').setValue('5,5');
    expect(page.find('#limit-openai-daily').attributes('aria-invalid')).toBe('true');
    expect(page.find('#limit-openai-daily-error').text()).toContain('digits and at most one dot');
    const save = page.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save.attributes('disabled')).toBeDefined();
    await page.find('form').trigger('submit');
    await flushPromises();
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('shows the server’s 400 message at the field it names', async () => {
    fakeService({
      ...base,
      'GET /api/v1/admin/users/7/platform-quotas': () => json(200, { platform_quotas: [row('openai', {})] }),
      'PATCH /api/v1/admin/users/7/platform-quotas/openai': () =>
        json(400, {
          statusCode: 400,
          code: 'VALIDATION_FAILED',
          message: 'daily_limit_usd: must be at most 100 for this plan',
          details: { errors: [{ field: 'daily_limit_usd', message: 'must be at most 100 for this plan' }] },
        }),
    });
    const page = await mountPage(UserPage, '/admin/users/7');
    await page.find('#limit-openai-daily').setValue('500');
    await page.find('form').trigger('submit');
    await flushPromises();
    expect(page.find('#limit-openai-daily-error').text()).toBe('must be at most 100 for this plan');
    expect(page.find('[role="alert"]').text()).toContain('daily_limit_usd: must be at most 100 for this plan');
  });
});

describe('the defaults page', () => {
  const settings = {
    default_platform_quotas: {
      anthropic: { daily: '10', weekly: null, monthly: null },
      openai: { daily: null, weekly: null, monthly: null },
      // A platform this console does not know: a save must keep it as it is.
      future: { daily: '1', weekly: null, monthly: null },
    },
    auth_source_default_email_platform_quotas: null,
    auth_source_default_email_grant_on_signup: false,
    auth_source_default_github_platform_quotas: { openai: { daily: '0' } },
    auth_source_default_github_grant_on_signup: true,
  };

  it('previews the change, blocks an invalid value, and sends only the documents that changed', async () => {
    const calls = fakeService({
      'GET /api/v1/admin/settings/platform-quotas': () => json(200, settings),
      'PUT /api/v1/admin/settings/platform-quotas': () => json(200, settings),
    });
    const page = await mountPage(DefaultsPage, '/admin/defaults');
    expect(page.text()).toContain('A new github user gets');
    await page.find('#system-openai-monthly').setValue('100');
    expect(page.find('.changes').text()).toContain('System default · openai · Monthly');
    expect(page.find('.changes').text()).toContain('Unlimited → $100.00');

    await page.find('#source-github-anthropic-weekly').setValue('-5');
    expect(page.text()).toContain('Fix the highlighted field before saving.');
    const save = () => page.findAll('button').find((b) => b.text() === 'Save')!;
    expect(save().attributes('disabled')).toBeDefined();
    await page.find('#source-github-anthropic-weekly').setValue('');
    expect(save().attributes('disabled')).toBeUndefined();

    await page.find('form').trigger('submit');
    await flushPromises();
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.body).toEqual({
      default_platform_quotas: {
        anthropic: { daily: '10', weekly: null, monthly: null },
        openai: { daily: null, weekly: null, monthly: '100' },
        future: { daily: '1', weekly: null, monthly: null },
      },
    });
  });
});
