/** The wire form of a user's daily spending history. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';

import { IntegerQuery } from '../http/http-params.js';
import { Optional } from '../http/validation.js';
import { MAX_HISTORY_DAYS } from './usage-history.service.js';

export class UsageHistoryQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_HISTORY_DAYS,
    default: 30,
    description: 'Days, today included.',
  })
  @Optional()
  @IntegerQuery()
  @Min(1)
  @Max(MAX_HISTORY_DAYS)
  @IsInt()
  days: number = 30;
}

const COST = (description?: string) => ApiProperty({ type: String, example: '1.25', description });

/** What was charged on one day, per platform (decimal strings; "0" when nothing). */
export class PlatformCostsDto {
  @COST()
  anthropic: string;
  @COST()
  openai: string;
  @COST()
  gemini: string;
  @COST()
  antigravity: string;
}

export class UsageDayDto {
  @ApiProperty({ example: '2026-05-20', description: 'A day in the service’s time zone.' })
  date: string;
  @ApiProperty({ type: PlatformCostsDto })
  costs: PlatformCostsDto;
}

export class UsageHistoryDto {
  @ApiProperty({ example: 'UTC', description: 'The zone the days are counted in (QUOTA_TIMEZONE).' })
  timezone: string;
  @ApiProperty({ example: '2026-04-21' })
  from: string;
  @ApiProperty({ example: '2026-05-20' })
  to: string;
  @ApiProperty({ type: [UsageDayDto], description: 'Every day from `from` to `to`, oldest first.' })
  days: UsageDayDto[];
}
