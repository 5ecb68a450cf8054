import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { toUserQuotaView, UserQuotaListDto } from '../quota/quota-view.dto.js';
import { QuotaService } from '../quota/quota.service.js';

@ApiTags('user')
@Authenticated()
@Controller('api/v1/user/platform-quotas')
export class UserQuotaController {
  constructor(private readonly quotas: QuotaService) {}

  @Get()
  @ApiOperation({
    summary: 'The caller’s own quotas: per platform and window, limit, usage, remaining, percent used, reset time',
    description: 'A user without rows gets []: unlimited everywhere.',
  })
  @ApiOkResponse({ type: UserQuotaListDto })
  async mine(@CurrentUser() user: AuthUser): Promise<UserQuotaListDto> {
    return { platform_quotas: (await this.quotas.views(user.id)).map(toUserQuotaView) };
  }
}
