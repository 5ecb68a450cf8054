/** The wire format of the internal billing endpoints: snake_case JSON, amounts as decimal strings. */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

import { MAX_BATCH_CHARGES, PLATFORMS, WINDOWS, type Platform, type QuotaWindow } from '../common/domain.constants.js';
import { ErrorBodyDto } from '../common/error-body.dto.js';
import { formatMoney } from '../common/money.js';
import { IsCost } from '../common/money.validators.js';
import { windowFields } from '../quota/quota-view.dto.js';
import type { ChargeResult, CheckResult } from './billing.service.js';
import { MAX_REQUEST_ID_LENGTH, REQUEST_ID_PATTERN, REQUEST_ID_RULE } from './billing.service.js';

const AMOUNT = { type: 'string', nullable: true, example: '12.5' } as const;

export class CheckRequestDto {
  @ApiProperty({ description: 'The user whose quota is checked.', example: 42, minimum: 1 })
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  @IsInt()
  user_id: number;

  @ApiProperty({ enum: PLATFORMS, example: 'openai' })
  @IsIn(PLATFORMS, { message: `platform must be one of: ${PLATFORMS.join(', ')}` })
  platform: Platform;
}

export class ChargeRequestDto extends CheckRequestDto {
  @ApiProperty({
    description:
      'What the upstream call cost, in USD: a JSON number or a decimal string, rounded half-up to 10 fraction digits. ' +
      'Zero is recorded and leaves the usage unchanged.',
    oneOf: [{ type: 'string' }, { type: 'number' }],
    example: '0.0125',
  })
  @IsCost()
  cost_usd: string | number;

  @ApiProperty({
    description:
      'The gateway’s id for the upstream request: the idempotency key. The same id with the same charge returns the ' +
      'recorded result (duplicate: true); with a different charge it is refused with 409.',
    minLength: 1,
    maxLength: MAX_REQUEST_ID_LENGTH,
    example: 'req_01J9ZK3V6Q2',
  })
  @Matches(REQUEST_ID_PATTERN, { message: `request_id ${REQUEST_ID_RULE}` })
  @IsString()
  request_id: string;
}

export class ChargeBatchRequestDto {
  @ApiProperty({
    type: [ChargeRequestDto],
    minItems: 1,
    maxItems: MAX_BATCH_CHARGES,
    description: 'Charges to record; each is validated and answered on its own.',
  })
  @ArrayMaxSize(MAX_BATCH_CHARGES)
  @ArrayMinSize(1)
  @IsArray()
  charges: unknown[];
}

/** Per window: `<window>_limit_usd`, `_usage_usd`, `_remaining_usd`, `_window_resets_at`. */
export class CheckResponseDto {
  @ApiProperty({ description: 'False when a window is exhausted (the endpoint then answers 429 instead).' })
  allowed: boolean;

  @ApiProperty({ example: 42 })
  user_id: number;

  @ApiProperty({ enum: PLATFORMS, example: 'openai' })
  platform: Platform;

  @ApiProperty({ ...AMOUNT, description: 'null = unlimited, "0" = disabled' })
  daily_limit_usd: string | null;
  @ApiProperty({ ...AMOUNT, nullable: false, example: '3.2' })
  daily_usage_usd: string;
  @ApiProperty({ ...AMOUNT, example: '6.8', description: 'null when unlimited' })
  daily_remaining_usd: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  daily_window_resets_at: string | null;

  @ApiProperty(AMOUNT)
  weekly_limit_usd: string | null;
  @ApiProperty({ ...AMOUNT, nullable: false })
  weekly_usage_usd: string;
  @ApiProperty(AMOUNT)
  weekly_remaining_usd: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  weekly_window_resets_at: string | null;

  @ApiProperty(AMOUNT)
  monthly_limit_usd: string | null;
  @ApiProperty({ ...AMOUNT, nullable: false })
  monthly_usage_usd: string;
  @ApiProperty(AMOUNT)
  monthly_remaining_usd: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'null for a rolling month whose window has not been opened by a charge yet',
  })
  monthly_window_resets_at: string | null;
}

export class ChargeResponseDto {
  @ApiProperty({ example: 'req_01J9ZK3V6Q2' })
  request_id: string;
  @ApiProperty({ example: 42 })
  user_id: number;
  @ApiProperty({ enum: PLATFORMS, example: 'openai' })
  platform: Platform;
  @ApiProperty({ example: '0.0125', description: 'The cost as recorded (rounded to 10 fraction digits).' })
  cost_usd: string;
  @ApiProperty({ description: 'True when this request id had been charged before: nothing was added this time.' })
  duplicate: boolean;
  @ApiProperty({ type: String, format: 'date-time' })
  charged_at: string;

  @ApiProperty({ example: '3.2125', description: 'Usage right after this charge.' })
  daily_usage_usd: string;
  @ApiProperty({ example: '10.0125' })
  weekly_usage_usd: string;
  @ApiProperty({ example: '41.5' })
  monthly_usage_usd: string;
  @ApiProperty({ type: String, format: 'date-time' })
  daily_window_start: string;
  @ApiProperty({ type: String, format: 'date-time' })
  weekly_window_start: string;
  @ApiProperty({ type: String, format: 'date-time' })
  monthly_window_start: string;

  @ApiProperty({ enum: WINDOWS, isArray: true, example: [], description: 'Windows now at or over their limit.' })
  exhausted_windows: QuotaWindow[];
}

export class ChargeItemResultDto {
  @ApiProperty({ description: 'Whether this charge was recorded (or had been, for a duplicate).' })
  ok: boolean;
  @ApiPropertyOptional({ type: ChargeResponseDto })
  charge?: ChargeResponseDto;
  @ApiPropertyOptional({ type: ErrorBodyDto })
  error?: ErrorBodyDto;
}

export class ChargeBatchResponseDto {
  @ApiProperty({
    type: 'array',
    items: { $ref: getSchemaPath(ChargeItemResultDto) },
    description: 'One entry per submitted charge, in order.',
  })
  results: ChargeItemResultDto[];
}

export function toCheckResponse(result: CheckResult): CheckResponseDto {
  const body = { allowed: result.allowed, user_id: result.userId, platform: result.platform };
  for (const w of WINDOWS) Object.assign(body, windowFields(result.windows[w], w));
  return body as CheckResponseDto;
}

export function toChargeResponse(result: ChargeResult): ChargeResponseDto {
  return {
    request_id: result.requestId,
    user_id: result.userId,
    platform: result.platform,
    cost_usd: formatMoney(result.costUsd),
    duplicate: result.duplicate,
    charged_at: result.chargedAt.toISOString(),
    daily_usage_usd: formatMoney(result.usage.daily),
    weekly_usage_usd: formatMoney(result.usage.weekly),
    monthly_usage_usd: formatMoney(result.usage.monthly),
    daily_window_start: result.windowStart.daily.toISOString(),
    weekly_window_start: result.windowStart.weekly.toISOString(),
    monthly_window_start: result.windowStart.monthly.toISOString(),
    exhausted_windows: result.exhausted,
  };
}
