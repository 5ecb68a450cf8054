import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import { UsageHistoryDto, UsageHistoryQueryDto } from '../billing/usage-history.dto.js';
import { UsageHistoryService } from '../billing/usage-history.service.js';
import type { AuthUser } from '../auth/auth.guard.js';
import {
  AUTH_SOURCES,
  PLATFORMS,
  ROLES,
  WINDOWS,
  type AuthSource,
  type Platform,
  type QuotaWindow,
  type Role,
} from '../common/domain.constants.js';
import { MONEY_MAX, MONEY_SCALE } from '../common/money.js';
import { AppConfig, MONTHLY_WINDOW_MODES, type MonthlyWindowMode } from '../config/app-config.js';
import { UsersService } from '../users/users.service.js';

export class MeDto {
  @ApiProperty({ type: 'integer', example: 42 })
  id: number;
  @ApiProperty({ example: 'ada@example.com' })
  email: string;
  @ApiProperty({ enum: AUTH_SOURCES })
  auth_source: AuthSource;
  @ApiProperty({ enum: ROLES, description: 'As the database says now: admins see the admin API.' })
  role: Role;
}

export class MetaDto {
  @ApiProperty({ enum: PLATFORMS, isArray: true, description: 'Every platform, in the order views list them.' })
  platforms: Platform[];
  @ApiProperty({ enum: WINDOWS, isArray: true })
  windows: QuotaWindow[];
  @ApiProperty({ enum: AUTH_SOURCES, isArray: true })
  auth_sources: AuthSource[];
  @ApiProperty({ enum: ROLES, isArray: true })
  roles: Role[];
  @ApiProperty({ example: 'UTC', description: 'The IANA zone the daily and weekly windows start in (QUOTA_TIMEZONE).' })
  timezone: string;
  @ApiProperty({ enum: MONTHLY_WINDOW_MODES, description: 'QUOTA_MONTHLY_WINDOW.' })
  monthly_window: MonthlyWindowMode;
  @ApiProperty({ example: 'USD' })
  currency: 'USD';
  @ApiProperty({ example: MONEY_SCALE, description: 'Fraction digits amounts are kept to.' })
  money_scale: number;
  @ApiProperty({ example: MONEY_MAX.toFixed(), description: 'The largest amount a limit or a usage can hold.' })
  money_max: string;
}

/** Who the caller is, and the vocabulary of the service, for clients such as the web console. */
@ApiTags('user')
@Authenticated()
@Controller('api/v1')
export class MeController {
  private readonly meta: MetaDto;

  constructor(
    private readonly users: UsersService,
    private readonly history: UsageHistoryService,
    config: AppConfig,
  ) {
    this.meta = {
      platforms: [...PLATFORMS],
      windows: [...WINDOWS],
      auth_sources: [...AUTH_SOURCES],
      roles: [...ROLES],
      timezone: config.quota.timezone,
      monthly_window: config.quota.monthlyWindow,
      currency: 'USD',
      money_scale: MONEY_SCALE,
      money_max: MONEY_MAX.toFixed(),
    };
  }

  @Get('user/me')
  @ApiOperation({ summary: 'The signed-in user: id, email, auth source and role' })
  @ApiOkResponse({ type: MeDto })
  async me(@CurrentUser() caller: AuthUser): Promise<MeDto> {
    const user = await this.users.get(caller.id);
    return { id: user.id, email: user.email, auth_source: user.authSource, role: user.role };
  }

  @Get('user/usage-history')
  @ApiOperation({
    summary: 'What the caller spent per day and platform',
    description: 'The last `days` days (today included) in the service’s time zone, every day present, oldest first.',
  })
  @ApiOkResponse({ type: UsageHistoryDto })
  usageHistory(@CurrentUser() caller: AuthUser, @Query() query: UsageHistoryQueryDto): Promise<UsageHistoryDto> {
    return this.history.daily(caller.id, query.days);
  }

  @Get('meta')
  @ApiOperation({
    summary: 'The service’s vocabulary: platforms, windows, auth sources, roles, time zone, monthly mode, money',
  })
  @ApiOkResponse({ type: MetaDto })
  describe(): MetaDto {
    return this.meta;
  }
}
