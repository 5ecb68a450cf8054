import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

import {
  AUTH_SOURCES,
  PLATFORMS,
  ROLES,
  type AuthSource,
  type Platform,
  type Role,
} from '../common/domain.constants.js';
import { ID_SCHEMA, PageQueryDto } from '../http/http-params.js';
import { ApiSchemaRules } from '../http/openapi.js';
import { MaxChars, Optional, PlainText } from '../http/validation.js';
import { QUOTA_STATUSES, type QuotaStatus, USER_SORTS, type UserSort } from '../quota/quota-overview.service.js';
import { AdminQuotaViewDto, UserQuotaViewDto } from '../quota/quota-view.dto.js';
import { EMAIL_PATTERN, IsEmailAddress, MAX_ADDRESS_LENGTH, MAX_EMAIL_LENGTH } from '../users/email.js';
import type { User } from '../users/user.entity.js';

export class CreateUserDto {
  @ApiProperty({
    example: 'ada@example.com',
    format: 'email',
    pattern: EMAIL_PATTERN.source,
    maxLength: MAX_ADDRESS_LENGTH,
    description:
      'Unique among live users, case-insensitively. An ASCII address: a dot-atom local part of at most 64 ' +
      'characters and a domain of letters, digits and hyphens (punycode for other scripts).',
  })
  @IsEmailAddress()
  email: string;

  @ApiProperty({ enum: AUTH_SOURCES, example: 'email', description: 'Decides which auth-source defaults apply.' })
  @IsIn(AUTH_SOURCES, { message: `auth_source must be one of: ${AUTH_SOURCES.join(', ')}` })
  auth_source: AuthSource;

  @ApiPropertyOptional({ enum: ROLES, default: 'user' })
  @Optional()
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` })
  role?: Role;
}

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    maxLength: MAX_EMAIL_LENGTH,
    description: 'Part of the email, case-insensitive.',
    example: 'example.com',
  })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @Optional()
  @MaxChars(MAX_EMAIL_LENGTH)
  @PlainText()
  @IsString()
  search?: string;

  @ApiPropertyOptional({ enum: AUTH_SOURCES })
  @Optional()
  @IsIn(AUTH_SOURCES, { message: `auth_source must be one of: ${AUTH_SOURCES.join(', ')}` })
  auth_source?: AuthSource;

  @ApiPropertyOptional({
    enum: PLATFORMS,
    description: 'Only users with an active row on this platform; status and the usage sort then look at that row.',
  })
  @Optional()
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform?: Platform;

  @ApiPropertyOptional({
    enum: QUOTA_STATUSES,
    description:
      'limited: has a limit; near_limit: a limited window at 80 % or more of its limit; exhausted: a window at or ' +
      'over its limit (a limit of 0 included).',
  })
  @Optional()
  @IsIn(QUOTA_STATUSES, { message: `status must be one of: ${QUOTA_STATUSES.join(', ')}` })
  status?: QuotaStatus;

  @ApiPropertyOptional({
    enum: USER_SORTS,
    default: 'id',
    description: 'id (oldest first), email, or usage: the highest share of a limit used first.',
  })
  @Optional()
  @IsIn(USER_SORTS, { message: `sort must be one of: ${USER_SORTS.join(', ')}` })
  sort: UserSort = 'id';
}

export class UserDto {
  @ApiProperty({ type: 'integer', example: 42 })
  id: number;
  @ApiProperty({ example: 'ada@example.com' })
  email: string;
  @ApiProperty({ enum: AUTH_SOURCES })
  auth_source: AuthSource;
  @ApiProperty({ enum: ROLES })
  role: Role;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-01-05T09:30:00.000Z' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', example: '2026-01-05T09:30:00.000Z' })
  updated_at: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    example: null,
    description: 'Set once the user is deleted.',
  })
  deleted_at: string | null;
}

export class UserWithQuotasDto extends UserDto {
  @ApiProperty({ type: [AdminQuotaViewDto], description: 'The rows the defaults created.' })
  platform_quotas: AdminQuotaViewDto[];
}

export class UserWithQuotaSummaryDto extends UserDto {
  @ApiProperty({
    type: [UserQuotaViewDto],
    description: 'The user’s active rows in platform order, as the user sees them (usage of expired windows reads 0).',
  })
  platform_quotas: UserQuotaViewDto[];

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 82.5,
    description:
      'The highest used_percent over the rows’ limited windows (100 when one is disabled); null when unlimited.',
  })
  max_used_percent: number | null;
}

export class UserPageDto {
  @ApiProperty({ type: [UserWithQuotaSummaryDto] })
  items: UserWithQuotaSummaryDto[];
  @ApiProperty({ type: 'integer', example: 1 })
  page: number;
  @ApiProperty({ type: 'integer', example: 20 })
  page_size: number;
  @ApiProperty({ type: 'integer', example: 1 })
  total: number;
}

export const APPLY_DEFAULTS_MODES = ['fill_missing', 'overwrite'] as const;

/** Exactly one of `user_ids` and `all` is given (null is a value, which their own checks refuse). */
const NamesUsersOrAll = () =>
  ValidateBy({
    name: 'namesUsersOrAll',
    validator: {
      validate: (_: unknown, args) => {
        const body = args?.object as ApplyDefaultsDto;
        return (body.user_ids === undefined) !== (body.all === undefined);
      },
      defaultMessage: () => 'send either user_ids or all: true',
    },
  });

@ApiSchemaRules({ oneOf: [{ required: ['user_ids'] }, { required: ['all'] }] })
export class ApplyDefaultsDto {
  @ApiPropertyOptional({
    type: 'array',
    items: ID_SCHEMA,
    minItems: 1,
    maxItems: 1000,
    example: [42, 43],
    description: 'These users (up to 1,000); or send all: true.',
  })
  // Checked unless only `all` is given; the first check is that exactly one of the two is.
  @ValidateIf((body: ApplyDefaultsDto) => body.user_ids !== undefined || body.all === undefined)
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  @Min(1, { each: true })
  @IsInt({ each: true, message: 'user_ids must hold positive integers' })
  @ArrayMaxSize(1000)
  @ArrayMinSize(1)
  @IsArray()
  @NamesUsersOrAll()
  user_ids?: number[];

  @ApiPropertyOptional({ enum: [true], description: 'Every live user; or send user_ids.' })
  @Optional()
  @Equals(true, { message: 'all must be true when given' })
  all?: true;

  @ApiProperty({
    enum: APPLY_DEFAULTS_MODES,
    description:
      'fill_missing: create rows only for platforms without one; overwrite: also replace the limits of existing rows.',
  })
  @IsIn(APPLY_DEFAULTS_MODES, { message: `mode must be one of: ${APPLY_DEFAULTS_MODES.join(', ')}` })
  mode: (typeof APPLY_DEFAULTS_MODES)[number];
}

export class ApplyDefaultsResultDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'Users the defaults were applied to.' })
  users: number;
  @ApiProperty({ type: 'integer', example: 3, description: 'Quota rows whose limits changed: created plus updated.' })
  rows_changed: number;
  @ApiProperty({ type: 'integer', example: 2 })
  rows_created: number;
  @ApiProperty({ type: 'integer', example: 1 })
  rows_updated: number;
}

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    email: user.email,
    auth_source: user.authSource,
    role: user.role,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    deleted_at: user.deletedAt?.toISOString() ?? null,
  };
}
