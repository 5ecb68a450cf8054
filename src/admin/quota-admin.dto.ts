import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, ValidateNested } from 'class-validator';

import { PLATFORMS, WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { LIMIT_SCHEMA, type Money } from '../common/money.js';
import { IsLimit } from '../common/money.validators.js';
import { ApiSchemaRules } from '../http/openapi.js';
import { NestedObjects } from '../http/validation.js';

const LIMIT_DOC = {
  ...LIMIT_SCHEMA,
  nullable: true,
  description:
    'USD: null or absent = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.',
};

const PATCH_LIMIT_DOC = {
  ...LIMIT_DOC,
  description:
    'USD: absent = unchanged, null = unlimited, 0 = disabled; at most 10 integer and 10 fraction digits, never rounded.',
};

// Limits are JSON numbers or decimal strings on the wire; once validated they are Money (see IsLimit).

export class QuotaItemDto {
  @ApiProperty({ enum: PLATFORMS, example: 'anthropic' })
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform: Platform;

  @ApiPropertyOptional({ ...LIMIT_DOC, example: '10' })
  @IsOptional()
  @IsLimit()
  daily_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...LIMIT_DOC, example: null })
  @IsOptional()
  @IsLimit()
  weekly_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...LIMIT_DOC, example: 100 })
  @IsOptional()
  @IsLimit()
  monthly_limit_usd?: Money | null;
}

export class ReplaceQuotasDto {
  @ApiProperty({
    type: [QuotaItemDto],
    maxItems: PLATFORMS.length,
    description:
      'The complete set, each platform at most once: platforms left out are removed (soft-deleted); [] removes all.',
  })
  @ValidateNested({ each: true })
  @ArrayMaxSize(PLATFORMS.length)
  @IsArray()
  @NestedObjects(QuotaItemDto)
  quotas: QuotaItemDto[];
}

/** Only the limits named change: absent = unchanged, null = unlimited. */
@ApiSchemaRules({ minProperties: 1 })
export class PatchQuotaDto {
  @ApiPropertyOptional({ ...PATCH_LIMIT_DOC, example: '5' })
  @IsOptional()
  @IsLimit()
  daily_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...PATCH_LIMIT_DOC, example: null })
  @IsOptional()
  @IsLimit()
  weekly_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...PATCH_LIMIT_DOC, example: '100' })
  @IsOptional()
  @IsLimit()
  monthly_limit_usd?: Money | null;
}

export const RESET_WINDOWS = [...WINDOWS, 'all'] as const;

export class ResetQuotaDto {
  @ApiProperty({ enum: PLATFORMS, example: 'anthropic' })
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform: Platform;

  @ApiProperty({
    enum: RESET_WINDOWS,
    example: 'daily',
    description: 'The window whose usage goes back to 0, or all three.',
  })
  @IsIn(RESET_WINDOWS, { message: `window must be one of: ${RESET_WINDOWS.join(', ')}` })
  window: QuotaWindow | 'all';
}
