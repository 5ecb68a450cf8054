import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import { SettingsService } from '../settings/settings.service.js';
import { PlatformQuotaSettingsDto, UpdatePlatformQuotaSettingsDto } from './settings-admin.dto.js';

@ApiTags('admin: defaults')
@Authenticated('admin')
@Controller('api/v1/admin/settings/platform-quotas')
export class SettingsAdminController {
  constructor(private readonly settings: SettingsService) {}

  @Get()
  @ApiOperation({ summary: 'The system default and the seven auth-source documents with their grant flags' })
  @ApiOkResponse({ type: PlatformQuotaSettingsDto })
  read() {
    return this.settings.read();
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the documents and flags named in the body',
    description:
      'A key that is absent or null keeps its stored value; a document replaces the stored one whole; {} clears it. ' +
      'Documents apply to users registered afterwards; use apply-defaults for existing users. One invalid document ' +
      'refuses the whole request and nothing is written.',
  })
  @ApiOkResponse({ type: PlatformQuotaSettingsDto, description: 'The state after the write.' })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description:
      'INVALID_DEFAULT_PLATFORM_QUOTA (unknown platform or window, bad limit; details name each), VALIDATION_FAILED (unknown key, wrong type).',
  })
  update(@Body() body: UpdatePlatformQuotaSettingsDto, @CurrentUser() actor: AuthUser) {
    return this.settings.update(body, actor);
  }
}
