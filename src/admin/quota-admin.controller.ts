import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';

import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { PLATFORMS, WINDOWS, type Platform } from '../common/domain.constants.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import { ApiIdParam, IdParam, PlatformParamPipe } from '../http/http-params.js';
import type { Limits } from '../quota/quota-limits.js';
import { AdminQuotaListDto, toAdminQuotaView } from '../quota/quota-view.dto.js';
import { QuotaService, type QuotaView } from '../quota/quota.service.js';
import { PatchQuotaDto, ReplaceQuotasDto, ResetQuotaDto } from './quota-admin.dto.js';

const ReturnsQuotas = () =>
  ApiOkResponse({ type: AdminQuotaListDto, description: 'The user’s active rows after the call.' });

const list = (views: QuotaView[]): AdminQuotaListDto => ({ platform_quotas: views.map(toAdminQuotaView) });

@ApiTags('admin: user quotas')
@Authenticated('admin')
@ApiIdParam()
@ApiBadRequestResponse({
  type: ErrorBodyDto,
  description: 'VALIDATION_FAILED; `details.errors` names the item and field.',
})
@ApiNotFoundResponse({ type: ErrorBodyDto, description: 'USER_NOT_FOUND (unknown or deleted user)' })
@Controller('api/v1/admin/users/:id/platform-quotas')
export class QuotaAdminController {
  constructor(private readonly quotas: QuotaService) {}

  @Get()
  @ReturnsQuotas()
  @ApiOperation({ summary: 'The user’s active quota rows, expired windows reading 0' })
  async read(@IdParam('id') id: number): Promise<AdminQuotaListDto> {
    return list(await this.quotas.views(id));
  }

  @Put()
  @ReturnsQuotas()
  @ApiOperation({
    summary: 'Replace all of the user’s quotas',
    description:
      'Platforms left out are soft-deleted (the user becomes unlimited there); kept platforms keep their usage and ' +
      'window starts; missing limits are unlimited. One transaction.',
  })
  async replace(@IdParam('id') id: number, @Body() body: ReplaceQuotasDto, @CurrentUser() actor: AuthUser) {
    const items = body.quotas.map((item) => ({
      platform: item.platform,
      limits: limitsFrom(item, 'unlimited') as Limits,
    }));
    return list(await this.quotas.replace(id, items, actor));
  }

  @Patch(':platform')
  @ReturnsQuotas()
  @ApiParam({ name: 'platform', enum: PLATFORMS })
  @ApiOperation({ summary: 'Change some limits of one platform (creating its row if needed)' })
  async patch(
    @IdParam('id') id: number,
    @Param('platform', PlatformParamPipe) platform: Platform,
    @Body() body: PatchQuotaDto,
    @CurrentUser() actor: AuthUser,
  ) {
    return list(await this.quotas.patch(id, platform, limitsFrom(body, 'unchanged'), actor));
  }

  @Delete(':platform')
  @ReturnsQuotas()
  @ApiParam({ name: 'platform', enum: PLATFORMS })
  @ApiOperation({ summary: 'Remove (soft-delete) one platform’s row: the user becomes unlimited there' })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'USER_NOT_FOUND, or USER_PLATFORM_QUOTA_NOT_FOUND when there is no active row',
  })
  async remove(
    @IdParam('id') id: number,
    @Param('platform', PlatformParamPipe) platform: Platform,
    @CurrentUser() actor: AuthUser,
  ) {
    return list(await this.quotas.remove(id, platform, actor));
  }

  @Post('reset')
  @ReturnsQuotas()
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset a window’s usage to 0, the window starting now' })
  @ApiNotFoundResponse({
    type: ErrorBodyDto,
    description: 'USER_NOT_FOUND, or USER_PLATFORM_QUOTA_NOT_FOUND when there is no active row',
  })
  async reset(@IdParam('id') id: number, @Body() body: ResetQuotaDto, @CurrentUser() actor: AuthUser) {
    return list(await this.quotas.reset(id, body.platform, body.window, actor));
  }
}

/** The validated `<window>_limit_usd` fields; an absent one is unlimited (PUT) or left out (PATCH). */
function limitsFrom(body: PatchQuotaDto, absent: 'unlimited' | 'unchanged'): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const w of WINDOWS) {
    const value = body[`${w}_limit_usd`];
    if (value !== undefined) limits[w] = value;
    else if (absent === 'unlimited') limits[w] = null;
  }
  return limits;
}
