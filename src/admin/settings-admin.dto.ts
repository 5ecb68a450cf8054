/**
 * The defaults documents on the wire, under the reference's key names: the system document, and
 * per auth source a document and its grant flag. The documents' contents are checked by the
 * settings service, which names each bad platform and window.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional } from 'class-validator';

import { PLATFORMS, WINDOWS, type AuthSource } from '../common/domain.constants.js';
import { LIMIT_SCHEMA } from '../common/money.js';
import { sourceDefaultsKey, sourceGrantKey } from '../settings/platform-quota-defaults.js';

/** A platform's limits: as sent (a number or a decimal string) or as stored (a decimal string). */
const limits = (limit: object, description: string, required: readonly string[] = []) => ({
  type: 'object',
  nullable: true,
  additionalProperties: false,
  properties: Object.fromEntries(WINDOWS.map((w) => [w, { ...limit, nullable: true, description }])),
  ...(required.length > 0 ? { required } : {}),
});

// Free-form schemas: the decorators' typings only describe schemas built from classes.
const document = (platformLimits: object) =>
  ({
    type: 'object',
    properties: Object.fromEntries(PLATFORMS.map((p) => [p, platformLimits])),
    additionalProperties: false,
  }) as unknown as ApiPropertyOptions;

/** A document in a PUT: a window left out or null is not set; a platform given as null is left out. */
const DOCUMENT_SENT = document(
  limits(
    LIMIT_SCHEMA,
    'USD: a JSON number or a decimal string, at most 10 integer and 10 fraction digits, never rounded; null or ' +
      'absent = not set, 0 = disabled.',
  ),
);
/** A document as stored: every window of a platform present, a decimal string or null. */
const DOCUMENT = document(limits({ type: 'string' }, 'USD: null = not set, "0" = disabled.', WINDOWS));

const patchOf = (source: AuthSource) =>
  `Field-level patch over the system default for users who sign up through ${source}, applied when ` +
  `${sourceGrantKey(source)} is true: a set field wins (0 disables), null keeps the system value.`;

/** A key of a PUT: optional; absent or null keeps the stored value. */
const UpdatesDocument = (options: { description: string; example: object }) =>
  applyDecorators(
    ApiPropertyOptional({ ...DOCUMENT_SENT, nullable: true, ...options } as ApiPropertyOptions),
    IsOptional(),
    IsObject(),
  );
const UpdatesSource = (source: AuthSource) =>
  UpdatesDocument({ description: `${patchOf(source)} {} clears it.`, example: { openai: { monthly: 20 } } });
const UpdatesGrant = (source: AuthSource) =>
  applyDecorators(
    ApiPropertyOptional({
      type: Boolean,
      nullable: true,
      description: `Apply ${sourceDefaultsKey(source)} to new ${source} users.`,
    }),
    IsOptional(),
    IsBoolean(),
  );

const ReadsSource = (source: AuthSource) =>
  ApiProperty({ ...DOCUMENT, nullable: true, description: `${patchOf(source)} As stored; null when never set.` });
const ReadsGrant = () => ApiProperty({ type: Boolean, description: 'false when never set' });

type Document = Record<string, unknown>;

/** PUT: every key optional; absent or null leaves the stored value, a document replaces it, `{}` clears it. */
export class UpdatePlatformQuotaSettingsDto {
  @UpdatesDocument({
    description: 'The system default, replaced whole. Platforms left out have no default.',
    example: {
      anthropic: { daily: 10, weekly: null, monthly: 200 },
      openai: { daily: '2.5', weekly: '10', monthly: null },
    },
  })
  default_platform_quotas?: Document | null;

  @UpdatesSource('email')
  auth_source_default_email_platform_quotas?: Document | null;
  @UpdatesGrant('email')
  auth_source_default_email_grant_on_signup?: boolean | null;

  @UpdatesSource('linuxdo')
  auth_source_default_linuxdo_platform_quotas?: Document | null;
  @UpdatesGrant('linuxdo')
  auth_source_default_linuxdo_grant_on_signup?: boolean | null;

  @UpdatesSource('oidc')
  auth_source_default_oidc_platform_quotas?: Document | null;
  @UpdatesGrant('oidc')
  auth_source_default_oidc_grant_on_signup?: boolean | null;

  @UpdatesSource('wechat')
  auth_source_default_wechat_platform_quotas?: Document | null;
  @UpdatesGrant('wechat')
  auth_source_default_wechat_grant_on_signup?: boolean | null;

  @UpdatesSource('github')
  auth_source_default_github_platform_quotas?: Document | null;
  @UpdatesGrant('github')
  auth_source_default_github_grant_on_signup?: boolean | null;

  @UpdatesSource('google')
  auth_source_default_google_platform_quotas?: Document | null;
  @UpdatesGrant('google')
  auth_source_default_google_grant_on_signup?: boolean | null;

  @UpdatesSource('dingtalk')
  auth_source_default_dingtalk_platform_quotas?: Document | null;
  @UpdatesGrant('dingtalk')
  auth_source_default_dingtalk_grant_on_signup?: boolean | null;
}

/** GET and PUT responses: the state after any write. */
export class PlatformQuotaSettingsDto {
  @ApiProperty({
    ...DOCUMENT,
    description: 'Always all four platforms; unset limits are null.',
    example: {
      anthropic: { daily: '10', weekly: null, monthly: '200' },
      openai: { daily: '2.5', weekly: '10', monthly: null },
      gemini: { daily: null, weekly: null, monthly: null },
      antigravity: { daily: null, weekly: null, monthly: null },
    },
  })
  default_platform_quotas: Document;

  @ReadsSource('email')
  auth_source_default_email_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_email_grant_on_signup: boolean;

  @ReadsSource('linuxdo')
  auth_source_default_linuxdo_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_linuxdo_grant_on_signup: boolean;

  @ReadsSource('oidc')
  auth_source_default_oidc_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_oidc_grant_on_signup: boolean;

  @ReadsSource('wechat')
  auth_source_default_wechat_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_wechat_grant_on_signup: boolean;

  @ReadsSource('github')
  auth_source_default_github_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_github_grant_on_signup: boolean;

  @ReadsSource('google')
  auth_source_default_google_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_google_grant_on_signup: boolean;

  @ReadsSource('dingtalk')
  auth_source_default_dingtalk_platform_quotas: Document | null;
  @ReadsGrant()
  auth_source_default_dingtalk_grant_on_signup: boolean;
}
