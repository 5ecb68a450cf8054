/**
 * The closed vocabularies of the service. Every list of platforms, windows or auth sources in the
 * code (validation, DTOs, OpenAPI enums) is derived from these; the database CHECK constraints are
 * compared with them by a test against the live catalog.
 */
export const PLATFORMS = ['anthropic', 'openai', 'gemini', 'antigravity'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const WINDOWS = ['daily', 'weekly', 'monthly'] as const;
export type QuotaWindow = (typeof WINDOWS)[number];

export const AUTH_SOURCES = ['email', 'linuxdo', 'oidc', 'wechat', 'github', 'google', 'dingtalk'] as const;
export type AuthSource = (typeof AUTH_SOURCES)[number];

export const ROLES = ['user', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isPlatform(value: unknown): value is Platform {
  return typeof value === 'string' && (PLATFORMS as readonly string[]).includes(value);
}

export function isQuotaWindow(value: unknown): value is QuotaWindow {
  return typeof value === 'string' && (WINDOWS as readonly string[]).includes(value);
}

export function isAuthSource(value: unknown): value is AuthSource {
  return typeof value === 'string' && (AUTH_SOURCES as readonly string[]).includes(value);
}

/** The most charges one request to the internal batch endpoint may carry. */
export const MAX_BATCH_CHARGES = 1000;
