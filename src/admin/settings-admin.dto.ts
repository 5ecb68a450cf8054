/**
 * The defaults documents on the wire, under the reference's key names. The seven auth sources
 * each have two keys, so the properties are declared from AUTH_SOURCES rather than by hand.
 */
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional } from 'class-validator';

import { AUTH_SOURCES, PLATFORMS } from '../common/domain.constants.js';
import { sourceDefaultsKey, sourceGrantKey, SYSTEM_DEFAULTS_KEY } from '../settings/platform-quota-defaults.js';

const LIMITS = {
  type: 'object',
  nullable: true,
  additionalProperties: false,
  properties: Object.fromEntries(
    ['daily', 'weekly', 'monthly'].map((w) => [
      w,
      {
        type: 'string',
        nullable: true,
        description: 'USD: null = not set, "0" = disabled. Requests may send a number.',
      },
    ]),
  ),
};

// A free-form schema: the decorators' typings only describe schemas built from classes.
const DOCUMENT = {
  type: 'object',
  properties: Object.fromEntries(PLATFORMS.map((p) => [p, LIMITS])),
  additionalProperties: false,
} as unknown as ApiPropertyOptions;

/** PUT: every key optional; absent or null leaves the stored value, a document replaces it, `{}` clears it. */
export class UpdatePlatformQuotaSettingsDto {
  [key: string]: unknown;
}

/** GET and PUT responses: the state after any write. */
export class PlatformQuotaSettingsDto {
  [key: string]: unknown;
}

ApiPropertyOptional({
  ...DOCUMENT,
  nullable: true,
  description: 'The system default, replaced whole. Platforms left out have no default.',
  example: {
    anthropic: { daily: 10, weekly: null, monthly: 200 },
    openai: { daily: '2.5', weekly: '10', monthly: null },
  },
})(UpdatePlatformQuotaSettingsDto.prototype, SYSTEM_DEFAULTS_KEY);
IsOptional()(UpdatePlatformQuotaSettingsDto.prototype, SYSTEM_DEFAULTS_KEY);
IsObject()(UpdatePlatformQuotaSettingsDto.prototype, SYSTEM_DEFAULTS_KEY);

ApiProperty({
  ...DOCUMENT,
  description: 'Always all four platforms; unset limits are null.',
  example: {
    anthropic: { daily: '10', weekly: null, monthly: '200' },
    openai: { daily: '2.5', weekly: '10', monthly: null },
    gemini: { daily: null, weekly: null, monthly: null },
    antigravity: { daily: null, weekly: null, monthly: null },
  },
})(PlatformQuotaSettingsDto.prototype, SYSTEM_DEFAULTS_KEY);

for (const source of AUTH_SOURCES) {
  const documentKey = sourceDefaultsKey(source);
  const grantKey = sourceGrantKey(source);
  const patch =
    `Field-level patch over the system default for users who sign up through ${source}, applied when ` +
    `${grantKey} is true: a set field wins (0 disables), null keeps the system value.`;

  ApiPropertyOptional({
    ...DOCUMENT,
    nullable: true,
    description: `${patch} {} clears it.`,
    example: { openai: { monthly: 20 } },
  })(UpdatePlatformQuotaSettingsDto.prototype, documentKey);
  IsOptional()(UpdatePlatformQuotaSettingsDto.prototype, documentKey);
  IsObject()(UpdatePlatformQuotaSettingsDto.prototype, documentKey);
  ApiProperty({ ...DOCUMENT, nullable: true, description: `${patch} As stored; null when never set.` })(
    PlatformQuotaSettingsDto.prototype,
    documentKey,
  );

  ApiPropertyOptional({ type: Boolean, nullable: true, description: `Apply ${documentKey} to new ${source} users.` })(
    UpdatePlatformQuotaSettingsDto.prototype,
    grantKey,
  );
  IsOptional()(UpdatePlatformQuotaSettingsDto.prototype, grantKey);
  IsBoolean()(UpdatePlatformQuotaSettingsDto.prototype, grantKey);
  ApiProperty({ type: Boolean, description: 'false when never set' })(PlatformQuotaSettingsDto.prototype, grantKey);
}
