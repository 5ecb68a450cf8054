import { describe, expect, it, vi } from 'vitest';

import en from './en';
import { createAppI18n, detectLocale } from './index';
import zh from './zh';

/** Every message key, as a dotted path. */
function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('the two languages', () => {
  it('have exactly the same keys', () => {
    const english = keys(en).sort();
    const chinese = keys(zh).sort();
    expect(english.filter((k) => !chinese.includes(k))).toEqual([]);
    expect(chinese.filter((k) => !english.includes(k))).toEqual([]);
  });

  it('render every message, with the same placeholders, without a warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const locale of ['en', 'zh'] as const) {
      const i18n = createAppI18n(locale);
      for (const key of keys(en)) {
        const text = i18n.global.t(key, new Proxy({}, { get: (_t, name) => `<${String(name)}>` }));
        expect(text).not.toBe(key);
        expect(text).not.toMatch(/\{\w+\}/);
      }
    }
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('use the same placeholders in both', () => {
    const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const lookup = (messages: object, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages) as string;
    for (const key of keys(en)) {
      expect([key, placeholders(lookup(zh, key))]).toEqual([key, placeholders(lookup(en, key))]);
    }
  });
});

describe('counts', () => {
  it('say one user or several in English, and need no plural in Chinese', () => {
    const en = createAppI18n('en').global;
    expect(en.t('bulk.run', { n: 1 }, 1)).toBe('Run on 1 user');
    expect(en.t('bulk.run', { n: 3 }, 3)).toBe('Run on 3 users');
    expect(en.t('validation.blocked', { n: 1 }, 1)).toBe('Fix the highlighted field before saving.');
    expect(en.t('validation.blocked', { n: 2 }, 2)).toBe('Fix the 2 highlighted fields before saving.');
    expect(createAppI18n('zh').global.t('bulk.run', { n: 3 }, 3)).toContain('3');
  });
});

describe('the language shown first', () => {
  it('is the one chosen last, else the browser’s (any Chinese → zh), else English', () => {
    expect(detectLocale('zh', ['en-US'])).toBe('zh');
    expect(detectLocale(null, ['zh-TW', 'en'])).toBe('zh');
    expect(detectLocale(null, ['fr-FR', 'en-GB', 'zh-CN'])).toBe('en');
    expect(detectLocale(null, ['fr-FR'])).toBe('en');
    expect(detectLocale('xx', [])).toBe('en');
  });
});
