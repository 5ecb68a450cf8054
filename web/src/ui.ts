/** The pages' shared helpers: formatting in the current language and the service's zone, a ticking clock, confirmations. */
import { computed, onUnmounted, reactive, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { onBeforeRouteLeave } from 'vue-router';

import { ApiError, NetworkError } from './api/client';
import { formatCountdown, formatDay, formatMoney, formatMoneyExact, formatPercent, formatTime } from './format';
import { INTL_LOCALE, type AppLocale } from './i18n';
import { compareDecimals, type Limit, type LimitProblem } from './quota';
import { session } from './session';

export function useFormat() {
  const { t, te, locale } = useI18n();
  const intl = computed(() => INTL_LOCALE[locale.value as AppLocale] ?? 'en-US');
  const currency = () => session.meta?.currency ?? 'USD';
  const zone = () => session.meta?.timezone ?? 'UTC';
  const money = (amount: string) => formatMoney(amount, intl.value, currency());
  /** A window's name in words; a window the console has no words for keeps the server's name. */
  const windowName = (window: string) => (te(`windows.${window}`) ? t(`windows.${window}`) : window);
  return {
    t,
    te,
    windowName,
    intl,
    zone,
    currency,
    money,
    moneyExact: (amount: string) => formatMoneyExact(amount, intl.value, currency()),
    percent: (value: number) => formatPercent(value, intl.value),
    time: (iso: string) => formatTime(iso, intl.value, zone()),
    timeWithZone: (iso: string) =>
      t('amounts.resetsAtZone', { time: formatTime(iso, intl.value, zone()), zone: zone() }),
    day: (date: string) => formatDay(date, intl.value),
    countdown: (iso: string, now: Date) => formatCountdown(iso, now, intl.value),
    /** A limit in words or money: Unlimited, Disabled, $10.00. */
    limit: (value: Limit | undefined) =>
      value === null || value === undefined
        ? t('common.unlimited')
        : compareDecimals(value, '0') === 0
          ? t('common.disabled')
          : money(value),
    /** The reason a limit field was refused, in words. */
    problem: (problem: LimitProblem) =>
      problem.kind === 'notAnAmount'
        ? t('validation.notAnAmount', { currency: currency() })
        : problem.kind === 'tooManyDecimals'
          ? t('validation.tooManyDecimals', { scale: problem.scale })
          : t('validation.tooLarge', { max: money(problem.max) }),
    /** The message of a failure: the server's own words when it answered. */
    errorMessage: (error: unknown) =>
      error instanceof ApiError
        ? error.message
        : error instanceof NetworkError
          ? t('common.networkError')
          : error instanceof Error
            ? error.message
            : String(error),
  };
}

/** The time now, ticking every `everyMs` while the component lives. */
export function useNow(everyMs = 1000) {
  const now = ref(new Date());
  const timer = setInterval(() => (now.value = new Date()), everyMs);
  onUnmounted(() => clearInterval(timer));
  return now;
}

export interface ConfirmRequest {
  message: string;
  confirmLabel?: string;
  danger?: boolean;
  resolve: (answer: boolean) => void;
}

/** The one confirmation dialog of the app (ConfirmHost.vue shows it). */
export const confirmation = reactive({ current: null as ConfirmRequest | null });

export function confirm(message: string, options: { confirmLabel?: string; danger?: boolean } = {}): Promise<boolean> {
  return new Promise((resolve) => {
    confirmation.current?.resolve(false);
    confirmation.current = { message, ...options, resolve };
  });
}

/**
 * Asks before leaving a page with unsaved changes: in the app (the route changes) and out of it
 * (reload, close, another address).
 */
export function useUnsavedGuard(dirty: () => boolean, message: () => string) {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (!dirty()) return;
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  onUnmounted(() => window.removeEventListener('beforeunload', onBeforeUnload));
  onBeforeRouteLeave(() => (dirty() ? confirm(message(), { danger: true }) : true));
}
