/**
 * The two languages: the one chosen last in this browser, else the browser's own (any zh* → zh),
 * else English.
 */
import { createI18n } from 'vue-i18n';

import en from './en';
import zh from './zh';

export const LOCALES = ['en', 'zh'] as const;
export type AppLocale = (typeof LOCALES)[number];

const STORAGE_KEY = 'platform-quotas.locale';

/** The language tag Intl formats with for each locale. */
export const INTL_LOCALE: Record<AppLocale, string> = { en: 'en-US', zh: 'zh-CN' };

export function detectLocale(stored: string | null, languages: readonly string[]): AppLocale {
  if (stored === 'en' || stored === 'zh') return stored;
  for (const language of languages) {
    const tag = language.toLowerCase();
    if (tag.startsWith('zh')) return 'zh';
    if (tag.startsWith('en')) return 'en';
  }
  return 'en';
}

function storedLocale(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function createAppI18n(locale = detectLocale(storedLocale(), navigator.languages ?? [navigator.language])) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, zh },
    missingWarn: true,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/** Shows the console in `locale`; `remember` keeps the choice for this browser (the switch does). */
export function setLocale(i18n: AppI18n, locale: AppLocale, remember = true): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // A browser that keeps nothing still switches for this page.
  }
}
