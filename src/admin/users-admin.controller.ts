import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';

import { AccountsService } from '../accounts/accounts.service.js';
import { UsageHistoryDto, UsageHistoryQueryDto } from '../billing/usage-history.dto.js';
import { UsageHistoryService } from '../billing/usage-history.service.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import { ApiIdParam, IdParam, type Page } from '../http/http-params.js';
import { QuotaOverviewService } from '../quota/quota-overview.service.js';
import { toAdminQuotaView, toUserQuotaView } from '../quota/quota-view.dto.js';
import { WINDOWS } from '../common/domain.constants.js';
import { UsersService } from '../users/users.service.js';
import {
  ApplyDefaultsDto,
  ApplyDefaultsResultDto,
  CreateUserDto,
  ListUsersQueryDto,
  toUserDto,
  UserDto,
  UserPageDto,
  UserWithQuotaSummaryDto,
  UserWithQuotasDto,
} from './users-admin.dto.js';

@ApiTags('admin: users')
@Authenticated('admin')
@ApiBadRequestResponse({ type: ErrorBodyDto, description: 'VALIDATION_FAILED; `details.errors` names each field.' })
@Controller('api/v1/admin')
export class UsersAdminController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
    private readonly overview: QuotaOverviewService,
    private readonly history: UsageHistoryService,
  ) {}

  @Post('users')
  @ApiOperation({ summary: 'Create a user; its quota rows come from the current defaults of its auth source' })
  @ApiCreatedResponse({ type: UserWithQuotasDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'EMAIL_TAKEN' })
  async create(@Body() body: CreateUserDto, @CurrentUser() actor: AuthUser): Promise<UserWithQuotasDto> {
    const { user, quotas } = await this.accounts.register(
      { email: body.email, authSource: body.auth_source, role: body.role },
      actor,
    );
    return { ...toUserDto(user), platform_quotas: quotas.map(toAdminQuotaView) };
  }

  @Get('users')
  @ApiOperation({
    summary: 'List live users with their quotas: search by email, filter by auth source, platform and status, sort',
    description: 'Each user comes with the state of its rows, so a page of the list takes one request.',
  })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserWithQuotaSummaryDto>> {
    const { items, total } = await this.overview.page({
      page: query.page,
      pageSize: query.page_size,
      search: query.search,
      authSource: query.auth_source,
      platform: query.platform,
      status: query.status,
      sort: query.sort,
    });
    return {
      items: items.map(({ user, quotas }) => {
        const views = quotas.map(toUserQuotaView);
        const percents = views.flatMap((v) => WINDOWS.map((w) => v[`${w}_used_percent`])).filter((p) => p !== null);
        return {
          ...toUserDto(user),
          platform_quotas: views,
          max_used_percent: percents.length > 0 ? Math.max(...percents) : null,
        };
      }),
      page: query.page,
      page_size: query.page_size,
      total,
    };
  }

  @Get('users/:id')
  @ApiIdParam()
  @ApiOperation({ summary: 'One live user' })
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND (also for a deleted user)' })
  async get(@IdParam('id') id: number): Promise<UserDto> {
    return toUserDto(await this.users.get(id));
  }

  @Get('users/:id/usage-history')
  @ApiIdParam()
  @ApiOperation({
    summary: 'What the user spent per day and platform, from the ledger',
    description: 'The last `days` days (today included) in the service’s time zone, every day present, oldest first.',
  })
  @ApiOkResponse({ type: UsageHistoryDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND (also for a deleted user)' })
  async usageHistory(@IdParam('id') id: number, @Query() query: UsageHistoryQueryDto): Promise<UsageHistoryDto> {
    await this.users.get(id);
    return this.history.daily(id, query.days);
  }

  @Delete('users/:id')
  @ApiIdParam()
  @ApiOperation({ summary: 'Soft-delete a user and its active quota rows' })
  @ApiOkResponse({
    type: UserDto,
    description: 'The user as deleted (deleted_at set).',
    example: {
      id: 42,
      email: 'ada@example.com',
      auth_source: 'email',
      role: 'user',
      created_at: '2026-01-05T09:30:00.000Z',
      updated_at: '2026-01-05T09:30:00.000Z',
      deleted_at: '2026-02-01T12:00:00.000Z',
    },
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND' })
  async remove(@IdParam('id') id: number, @CurrentUser() actor: AuthUser): Promise<UserDto> {
    return toUserDto(await this.accounts.remove(id, actor));
  }

  @Post('platform-quotas/apply-defaults')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-apply the current defaults to existing users',
    description:
      'Limits only; usage and window starts are kept. Each user gets the defaults of its own auth source. ' +
      'fill_missing creates only the rows a user lacks (registration gives every platform a row, so this ' +
      'fills what an admin removed); overwrite also sets the limits of existing rows, custom ones included. ' +
      'Name the users (user_ids) or all of them (all: true), not both.',
  })
  @ApiOkResponse({ type: ApplyDefaultsResultDto })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'USER_NOT_FOUND: a named user does not exist; nothing was written.',
  })
  async applyDefaults(@Body() body: ApplyDefaultsDto, @CurrentUser() actor: AuthUser): Promise<ApplyDefaultsResultDto> {
    const result = await this.accounts.applyDefaults(
      body.all ? { all: true } : { userIds: body.user_ids! },
      body.mode,
      actor,
    );
    return {
      users: result.users,
      rows_changed: result.rowsCreated + result.rowsUpdated,
      rows_created: result.rowsCreated,
      rows_updated: result.rowsUpdated,
    };
  }
}
