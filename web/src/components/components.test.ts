import { mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';

import { createAppI18n } from '../i18n';
import { session } from '../session';
import CountdownText from './CountdownText.vue';
import QuotaCard from './QuotaCard.vue';
import QuotaMatrix from './QuotaMatrix.vue';
import QuotaSummary from './QuotaSummary.vue';
import UsageBar from './UsageBar.vue';

const META = {
  platforms: ['anthropic', 'openai'],
  windows: ['daily', 'weekly', 'monthly'],
  auth_sources: ['email', 'github'],
  roles: ['user', 'admin'],
  timezone: 'Asia/Shanghai',
  monthly_window: 'rolling30d',
  currency: 'USD',
  money_scale: 10,
  money_max: '9999999999.9999999999',
} as unknown as typeof session.meta;

function withI18n(locale: 'en' | 'zh' = 'en') {
  return { global: { plugins: [createAppI18n(locale)] } };
}

beforeEach(() => {
  session.meta = META;
});

describe('UsageBar', () => {
  it.each([
    [10, 'ok'],
    [75, 'warn'],
    [96, 'danger'],
  ])('at %s %% is %s, announced as a progress bar', (percent, level) => {
    const bar = mount(UsageBar, { props: { percent, label: 'openai · Daily' }, ...withI18n() });
    expect(bar.attributes('role')).toBe('progressbar');
    expect(bar.attributes('aria-label')).toBe('openai · Daily');
    expect(bar.attributes('aria-valuenow')).toBe(String(percent));
    expect(bar.attributes('data-level')).toBe(level);
    expect(bar.find('.bar-fill').attributes('style')).toContain(`width: ${percent}%`);
  });

  it('never draws past full', () => {
    const bar = mount(UsageBar, { props: { percent: 180, label: 'x' }, ...withI18n() });
    expect(bar.find('.bar-fill').attributes('style')).toContain('width: 100%');
    expect(bar.attributes('aria-valuetext')).toBe('180%');
  });
});

describe('CountdownText', () => {
  afterEach(() => vi.useRealTimers());

  it('counts down every second and names the service’s time zone', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-29T15:58:00Z'));
    const text = mount(CountdownText, { props: { at: '2026-11-29T16:00:00Z' }, ...withI18n() });
    expect(text.text()).toContain('Resets in 2m 0s');
    expect(text.text()).toContain('Nov 30, 2026, 12:00 AM (Asia/Shanghai)');
    vi.advanceTimersByTime(61_000);
    await nextTick();
    expect(text.text()).toContain('Resets in 59s');
  });
});

describe('QuotaCard (the user’s own page)', () => {
  const quota = {
    platform: 'openai' as const,
    held_usd: '0',
    daily_limit_usd: '10',
    daily_usage_usd: '9.6',
    daily_remaining_usd: '0.4',
    daily_window_resets_at: '2026-11-30T16:00:00Z',
    daily_used_percent: 96,
    weekly_limit_usd: null,
    weekly_usage_usd: '12',
    weekly_remaining_usd: null,
    weekly_window_resets_at: null,
    weekly_used_percent: null,
    monthly_limit_usd: '0',
    monthly_usage_usd: '0',
    monthly_remaining_usd: '0',
    monthly_window_resets_at: null,
    monthly_used_percent: 100,
  };

  it('shows a bar per limited window, and Unlimited and Disabled in words', () => {
    const card = mount(QuotaCard, { props: { quota, windows: ['daily', 'weekly', 'monthly'] }, ...withI18n() });
    const daily = card.find('[data-window="daily"]');
    expect(daily.text()).toContain('$9.60 of $10.00');
    expect(daily.text()).toContain('$0.40 left');
    expect(daily.find('[role="progressbar"]').attributes('data-level')).toBe('danger');
    const weekly = card.find('[data-window="weekly"]');
    expect(weekly.text()).toContain('Unlimited');
    expect(weekly.find('[role="progressbar"]').exists()).toBe(false);
    const monthly = card.find('[data-window="monthly"]');
    expect(monthly.text()).toContain('Disabled');
    expect(monthly.text()).toContain('You cannot use this platform.');
  });

  it('speaks Chinese', () => {
    const card = mount(QuotaCard, { props: { quota, windows: ['daily', 'weekly', 'monthly'] }, ...withI18n('zh') });
    expect(card.text()).toContain('不限制');
    expect(card.text()).toContain('已禁用');
    expect(card.text()).toContain('剩余 US$0.40');
  });

  it('shows what holds of calls in progress keep, only when there are any', () => {
    expect(
      mount(QuotaCard, { props: { quota, windows: ['daily'] }, ...withI18n() })
        .find('[data-held]')
        .exists(),
    ).toBe(false);
    const held = { ...quota, held_usd: '0.25', daily_remaining_usd: '0.15' };
    const card = mount(QuotaCard, { props: { quota: held, windows: ['daily'] }, ...withI18n() });
    expect(card.find('[data-held]').text()).toBe('$0.25 held for calls in progress');
    expect(card.find('[data-window="daily"]').text()).toContain('$0.15 left');
    const zh = mount(QuotaCard, { props: { quota: held, windows: ['daily'] }, ...withI18n('zh') });
    expect(zh.find('[data-held]').text()).toBe('进行中的请求预留 US$0.25');
  });
});

describe('QuotaSummary', () => {
  it('shows held beside the usage of a platform with holds', () => {
    const row = {
      platform: 'openai' as const,
      held_usd: '2',
      daily_limit_usd: '10',
      daily_usage_usd: '3',
      daily_remaining_usd: '5',
      daily_window_resets_at: null,
      daily_used_percent: 30,
      weekly_limit_usd: null,
      weekly_usage_usd: '3',
      weekly_remaining_usd: null,
      weekly_window_resets_at: null,
      weekly_used_percent: null,
      monthly_limit_usd: null,
      monthly_usage_usd: '3',
      monthly_remaining_usd: null,
      monthly_window_resets_at: null,
      monthly_used_percent: null,
    };
    const summary = mount(QuotaSummary, { props: { quotas: [row], windows: ['daily'], label: 'x' }, ...withI18n() });
    expect(summary.find('[data-held]').text()).toBe('Held $2.00');
    expect(summary.text()).toContain('$3.00 of $10.00');
    const none = mount(QuotaSummary, {
      props: { quotas: [{ ...row, held_usd: '0' }], windows: ['daily'], label: 'x' },
      ...withI18n(),
    });
    expect(none.find('[data-held]').exists()).toBe(false);
  });
});

describe('QuotaSummary (a row of the users list)', () => {
  const quota = {
    platform: 'openai' as const,
    held_usd: '0',
    daily_limit_usd: '10',
    daily_usage_usd: '9.6',
    daily_remaining_usd: '0.4',
    daily_window_resets_at: '2026-11-30T16:00:00Z',
    daily_used_percent: 96,
    weekly_limit_usd: null,
    weekly_usage_usd: '12',
    weekly_remaining_usd: null,
    weekly_window_resets_at: null,
    weekly_used_percent: null,
    monthly_limit_usd: '0',
    monthly_usage_usd: '0',
    monthly_remaining_usd: '0',
    monthly_window_resets_at: null,
    monthly_used_percent: 100,
  };
  const open = { ...quota, platform: 'anthropic' as const, daily_limit_usd: null, monthly_limit_usd: null };
  const windows = ['daily', 'weekly', 'monthly'];

  it('is a table of the limited platforms by window, in words where there is no amount', () => {
    const summary = mount(QuotaSummary, {
      props: { quotas: [quota, open], windows, label: 'ada@example.com · Quotas' },
      ...withI18n(),
    });
    expect(summary.attributes('role')).toBe('table');
    expect(summary.attributes('aria-label')).toBe('ada@example.com · Quotas');
    expect(summary.findAll('[role="columnheader"]').map((h) => h.text())).toEqual([
      'Platform',
      'Daily',
      'Weekly',
      'Monthly',
    ]);
    const rows = summary.findAll('[role="row"]').slice(1);
    expect(rows.map((r) => r.find('[role="rowheader"]').text())).toEqual(['openai']);
    const cells = rows[0]!.findAll('[role="cell"]');
    expect(cells.map((c) => c.text())).toEqual(['Daily $9.60 of $10.00 (96%)', 'Weekly Unlimited', 'Monthly Disabled']);
    expect(cells[0]!.classes()).toContain('danger');
  });

  it('says No limits when no platform has one', () => {
    const summary = mount(QuotaSummary, { props: { quotas: [open], windows, label: 'x' }, ...withI18n('zh') });
    expect(summary.text()).toBe('无限额');
  });
});

describe('QuotaMatrix', () => {
  it('labels every field and shows each problem at its own field', () => {
    const grid = { anthropic: { daily: '', weekly: '', monthly: '' }, openai: { daily: 'x', weekly: '', monthly: '' } };
    const matrix = mount(QuotaMatrix, {
      props: {
        idPrefix: 'system',
        caption: 'System default',
        platforms: ['anthropic', 'openai'],
        windows: ['daily', 'weekly', 'monthly'],
        placeholder: 'Unlimited',
        problems: { 'openai.daily': 'Enter an amount' },
        serverErrors: { 'anthropic.weekly': 'platform quota limit must be at most 10 integer digits' },
        modelValue: grid,
      },
      ...withI18n(),
    });
    const inputs = matrix.findAll('input');
    expect(inputs).toHaveLength(6);
    for (const input of inputs) expect(matrix.find(`label[for="${input.attributes('id')}"]`).exists()).toBe(true);
    const bad = matrix.find('#system-openai-daily');
    expect(bad.attributes('aria-invalid')).toBe('true');
    expect(matrix.find(`#${bad.attributes('aria-describedby')}`).text()).toBe('Enter an amount');
    expect(matrix.find('#system-anthropic-weekly-error').text()).toContain('at most 10 integer digits');
    expect(matrix.find('#system-anthropic-daily').attributes('aria-invalid')).toBeUndefined();
  });
});
