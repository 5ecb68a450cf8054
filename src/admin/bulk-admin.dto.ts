/** The wire form of a bulk action: whom it targets, what it does, and its per-user outcome. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';

import { MAX_BULK_USERS } from '../accounts/bulk.service.js';
import { AUTH_SOURCES, PLATFORMS, type AuthSource, type Platform } from '../common/domain.constants.js';
import { LIMIT_SCHEMA, type Money } from '../common/money.js';
import { IsLimitOrNull } from '../common/money.validators.js';
import { ERROR_BODY_SCHEMA } from '../http/error-body.dto.js';
import { ID_SCHEMA } from '../http/http-params.js';
import { ABSENT, ApiSchemaRules } from '../http/openapi.js';
import { MaxChars, Optional, PlainText } from '../http/validation.js';
import { QUOTA_STATUSES, type QuotaStatus } from '../quota/quota-overview.service.js';
import { MAX_EMAIL_LENGTH } from '../users/email.js';
import { RESET_WINDOWS } from './quota-admin.dto.js';
import { APPLY_DEFAULTS_MODES } from './users-admin.dto.js';

export const BULK_ACTIONS = ['apply_defaults', 'reset', 'set_limits'] as const;
export type BulkActionType = (typeof BULK_ACTIONS)[number];

/** The same filters as the users list. */
export class BulkFilterDto {
  @ApiPropertyOptional({ maxLength: MAX_EMAIL_LENGTH, description: 'Part of the email, case-insensitive.' })
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

  @ApiPropertyOptional({ enum: PLATFORMS })
  @Optional()
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform?: Platform;

  @ApiPropertyOptional({ enum: QUOTA_STATUSES })
  @Optional()
  @IsIn(QUOTA_STATUSES, { message: `status must be one of: ${QUOTA_STATUSES.join(', ')}` })
  status?: QuotaStatus;
}

const namedTargets = (target: BulkTargetDto) =>
  [target.user_ids, target.filter, target.all].filter((given) => given !== undefined).length;

/** Exactly one of `user_ids`, `filter` and `all` is given (null is a value, which their own checks refuse). */
const NamesOneTarget = () =>
  ValidateBy({
    name: 'namesOneTarget',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) => {
        const target = args?.object as BulkTargetDto;
        return namedTargets(target) === 1;
      },
      defaultMessage: () => 'send exactly one of user_ids, filter and all: true',
    },
  });

@ApiSchemaRules({ oneOf: [{ required: ['user_ids'] }, { required: ['filter'] }, { required: ['all'] }] })
export class BulkTargetDto {
  @ApiPropertyOptional({
    type: 'array',
    items: ID_SCHEMA,
    minItems: 1,
    maxItems: MAX_BULK_USERS,
    example: [42, 43],
    description: `These users (up to ${MAX_BULK_USERS}).`,
  })
  // Checked when given, and whenever the target does not name exactly one (the first check says so).
  @ValidateIf((target: BulkTargetDto) => target.user_ids !== undefined || namedTargets(target) !== 1)
  @Max(Number.MAX_SAFE_INTEGER, { each: true })
  @Min(1, { each: true })
  @IsInt({ each: true, message: 'user_ids must hold positive integers' })
  @ArrayMaxSize(MAX_BULK_USERS)
  @ArrayMinSize(1)
  @IsArray()
  @NamesOneTarget()
  user_ids?: number[];

  @ApiPropertyOptional({ type: BulkFilterDto, description: 'The users the users list shows for this filter.' })
  @Optional()
  @ValidateNested()
  @IsObject({ message: 'filter must be an object' })
  @Type(() => BulkFilterDto)
  filter?: BulkFilterDto;

  @ApiPropertyOptional({ enum: [true], description: 'Every live user.' })
  @Optional()
  @Equals(true, { message: 'all must be true when given' })
  all?: true;
}

/** A field that only some kinds of action take. */
const OnlyFor = (...types: BulkActionType[]) =>
  ValidateBy({
    name: 'onlyFor',
    validator: {
      validate: (_: unknown, args?: ValidationArguments) =>
        types.includes((args?.object as BulkActionDto).type as BulkActionType),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} belongs to the action ${types.join(' or ')}`,
    },
  });

/** set_limits names at least one limit. */
const NamesALimit = () =>
  ValidateBy({
    name: 'namesALimit',
    validator: {
      validate: (type: unknown, args?: ValidationArguments) => {
        const action = args?.object as BulkActionDto;
        return (
          type !== 'set_limits' ||
          [action.daily_limit_usd, action.weekly_limit_usd, action.monthly_limit_usd].some((l) => l !== undefined)
        );
      },
      defaultMessage: () => 'set_limits needs at least one of daily_limit_usd, weekly_limit_usd, monthly_limit_usd',
    },
  });

const LIMIT_DOC = {
  ...LIMIT_SCHEMA,
  nullable: true,
  description:
    'set_limits: USD; null = unlimited, 0 = disabled; absent = unchanged; at most 10 integer and 10 fraction digits, ' +
    'never rounded.',
};

/** Which fields each kind of action takes and needs (the OnlyFor, ValidateIf and NamesALimit rules). */
const LIMIT_FIELDS = ['daily_limit_usd', 'weekly_limit_usd', 'monthly_limit_usd'];
const absent = (...fields: string[]) => Object.fromEntries(fields.map((f) => [f, ABSENT]));
@ApiSchemaRules({
  oneOf: [
    {
      properties: { type: { enum: ['apply_defaults'] }, ...absent('platform', 'window', ...LIMIT_FIELDS) },
      required: ['mode'],
    },
    {
      properties: { type: { enum: ['reset'] }, ...absent('mode', ...LIMIT_FIELDS) },
      required: ['platform', 'window'],
    },
    {
      properties: { type: { enum: ['set_limits'] }, ...absent('mode', 'window') },
      required: ['platform'],
      anyOf: LIMIT_FIELDS.map((f) => ({ required: [f] })),
    },
  ],
})
export class BulkActionDto {
  @ApiProperty({
    enum: BULK_ACTIONS,
    description:
      'apply_defaults (mode): the current defaults of each user’s auth source; reset (platform, window): usage 0, ' +
      'the window starting now; set_limits (platform and the limits to set).',
  })
  @NamesALimit()
  @IsIn(BULK_ACTIONS, { message: `type must be one of: ${BULK_ACTIONS.join(', ')}` })
  type: BulkActionType;

  @ApiPropertyOptional({ enum: APPLY_DEFAULTS_MODES, description: 'apply_defaults.' })
  @ValidateIf((action: BulkActionDto) => action.type === 'apply_defaults' || action.mode !== undefined)
  @IsIn(APPLY_DEFAULTS_MODES, { message: `mode must be one of: ${APPLY_DEFAULTS_MODES.join(', ')}` })
  @OnlyFor('apply_defaults')
  mode?: (typeof APPLY_DEFAULTS_MODES)[number];

  @ApiPropertyOptional({ enum: PLATFORMS, description: 'reset and set_limits.' })
  @ValidateIf(
    (action: BulkActionDto) => action.type === 'reset' || action.type === 'set_limits' || action.platform !== undefined,
  )
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  @OnlyFor('reset', 'set_limits')
  platform?: Platform;

  @ApiPropertyOptional({ enum: RESET_WINDOWS, description: 'reset.' })
  @ValidateIf((action: BulkActionDto) => action.type === 'reset' || action.window !== undefined)
  @IsIn(RESET_WINDOWS, { message: `window must be one of: ${RESET_WINDOWS.join(', ')}` })
  @OnlyFor('reset')
  window?: (typeof RESET_WINDOWS)[number];

  @ApiPropertyOptional({ ...LIMIT_DOC, example: '5' })
  @ValidateIf((action: BulkActionDto) => action.daily_limit_usd !== undefined)
  @IsLimitOrNull()
  @OnlyFor('set_limits')
  daily_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...LIMIT_DOC, example: null })
  @ValidateIf((action: BulkActionDto) => action.weekly_limit_usd !== undefined)
  @IsLimitOrNull()
  @OnlyFor('set_limits')
  weekly_limit_usd?: Money | null;

  @ApiPropertyOptional({ ...LIMIT_DOC, example: 50 })
  @ValidateIf((action: BulkActionDto) => action.monthly_limit_usd !== undefined)
  @IsLimitOrNull()
  @OnlyFor('set_limits')
  monthly_limit_usd?: Money | null;
}

export class BulkRequestDto {
  @ApiProperty({ type: BulkTargetDto })
  @ValidateNested()
  @IsObject({ message: 'target must be an object' })
  @Type(() => BulkTargetDto)
  target: BulkTargetDto;

  @ApiProperty({ type: BulkActionDto })
  @ValidateNested()
  @IsObject({ message: 'action must be an object' })
  @Type(() => BulkActionDto)
  action: BulkActionDto;

  @ApiPropertyOptional({ default: false, description: 'Only say whom the action would touch; write nothing.' })
  @Optional()
  @IsBoolean()
  dry_run?: boolean;
}

export class BulkUserResultDto {
  @ApiProperty({ type: 'integer', example: 42 })
  user_id: number;
  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com', description: 'null for an unknown id.' })
  email: string | null;
  @ApiProperty({ description: 'Whether the action was applied (or, in a dry run, would be tried).' })
  ok: boolean;
  @ApiProperty({ description: 'Whether anything changed: rows created or limits set; false in a dry run.' })
  changed: boolean;
  @ApiPropertyOptional({ ...ERROR_BODY_SCHEMA, description: 'Why it failed for this user.' } as object)
  error?: object;
}

export class BulkResultDto {
  @ApiProperty()
  dry_run: boolean;
  @ApiProperty({ example: 2, description: 'The users the target holds.' })
  users: number;
  @ApiProperty({ type: [BulkUserResultDto], description: 'One entry per user, in id order (as given for user_ids).' })
  results: BulkUserResultDto[];
}
