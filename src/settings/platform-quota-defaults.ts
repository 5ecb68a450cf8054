/**
 * The configuration layer, pure: the defaults documents under the reference's key names, how a
 * document sent by an admin is checked and normalised, and how the defaults of a new user resolve.
 *
 * A document maps platforms to `{ daily, weekly, monthly }` limits (decimal strings, or null for
 * "not set"). The system document gives every platform's default; an auth source's document is a
 * field-level patch over it, applied only while that source's `grant_on_signup` is on.
 */
import {
  AUTH_SOURCES,
  PLATFORMS,
  WINDOWS,
  isPlatform,
  isQuotaWindow,
  type AuthSource,
  type Platform,
  type QuotaWindow,
} from '../common/domain.constants.js';
import type { FieldError } from '../common/domain-error.js';
import { checkLimit, formatMoney, Money } from '../common/money.js';
import type { Limits } from '../quota/quota-limits.js';

export const SYSTEM_DEFAULTS_KEY = 'default_platform_quotas';
export const sourceDefaultsKey = (source: AuthSource) => `auth_source_default_${source}_platform_quotas` as const;
export const sourceGrantKey = (source: AuthSource) => `auth_source_default_${source}_grant_on_signup` as const;

export type PlatformQuotaSettingKey =
  typeof SYSTEM_DEFAULTS_KEY | ReturnType<typeof sourceDefaultsKey> | ReturnType<typeof sourceGrantKey>;

/** Every settings key of this layer, as stored and as sent over the wire. */
export const PLATFORM_QUOTA_SETTING_KEYS: PlatformQuotaSettingKey[] = [
  SYSTEM_DEFAULTS_KEY,
  ...AUTH_SOURCES.flatMap((s) => [sourceDefaultsKey(s), sourceGrantKey(s)]),
];

export type StoredLimits = Record<QuotaWindow, string | null>;
/** A stored document: only the platforms it configures. */
export type DefaultsDocument = Partial<Record<Platform, StoredLimits>>;

/**
 * Checks a document as sent (any JSON) and returns it normalised: platforms with all three
 * windows spelled out as decimal strings or null; a platform given as null is left out.
 * Every problem is reported with its path (`default_platform_quotas.openai.daily`).
 */
export function parseDefaultsDocument(value: unknown, path: string): DefaultsDocument | FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: path, message: 'must be an object mapping platforms to { daily, weekly, monthly }' }];
  }
  const errors: FieldError[] = [];
  const document: DefaultsDocument = {};
  for (const [platform, entry] of Object.entries(value)) {
    const at = `${path}.${platform}`;
    if (!isPlatform(platform)) {
      errors.push({ field: at, message: `unknown platform "${platform}" (one of: ${PLATFORMS.join(', ')})` });
      continue;
    }
    if (entry === null) continue;
    if (typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push({ field: at, message: 'must be an object { daily, weekly, monthly } or null' });
      continue;
    }
    const limits: StoredLimits = { daily: null, weekly: null, monthly: null };
    for (const [window, limit] of Object.entries(entry as Record<string, unknown>)) {
      if (!isQuotaWindow(window)) {
        errors.push({
          field: `${at}.${window}`,
          message: `unknown window "${window}" (one of: ${WINDOWS.join(', ')})`,
        });
        continue;
      }
      if (limit === null) continue;
      const checked = checkLimit(limit);
      if (typeof checked === 'string') {
        errors.push({ field: `${at}.${window}`, message: `platform quota limit ${checked}` });
      } else {
        limits[window] = formatMoney(checked);
      }
    }
    document[platform] = limits;
  }
  return errors.length > 0 ? errors : document;
}

/** The system document with every platform present (unset ones all null). */
export function completeDocument(document: DefaultsDocument | null): Record<Platform, StoredLimits> {
  return Object.fromEntries(
    PLATFORMS.map((p) => [p, { daily: null, weekly: null, monthly: null, ...(document?.[p] ?? {}) }]),
  ) as Record<Platform, StoredLimits>;
}

/**
 * The limits a new user of an auth source starts with: the system default, patched field by field
 * by the source's document when its grant is on (a set field wins, 0 included; null keeps the
 * system value, so a source cannot lift a system limit).
 */
export function resolveDefaults(
  system: DefaultsDocument | null,
  source: DefaultsDocument | null,
  grant: boolean,
): Record<Platform, Limits> {
  const base = completeDocument(system);
  const result = {} as Record<Platform, Limits>;
  for (const platform of PLATFORMS) {
    const patch = grant ? source?.[platform] : undefined;
    const limits = {} as Limits;
    for (const w of WINDOWS) {
      const value = patch?.[w] ?? base[platform][w];
      limits[w] = value === null ? null : new Money(value);
    }
    result[platform] = limits;
  }
  return result;
}
