import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { type BulkAction, type BulkTarget, BulkService } from '../accounts/bulk.service.js';
import { Authenticated, CurrentUser } from '../auth/auth.decorators.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { WINDOWS } from '../common/domain.constants.js';
import { ErrorBodyDto } from '../http/error-body.dto.js';
import type { Limits } from '../quota/quota-limits.js';
import { type BulkActionDto, BulkRequestDto, BulkResultDto, type BulkTargetDto } from './bulk-admin.dto.js';

@ApiTags('admin: user quotas')
@Authenticated('admin')
@Controller('api/v1/admin/platform-quotas/bulk')
export class BulkAdminController {
  constructor(private readonly bulk: BulkService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Apply the defaults, reset a window or set limits for many users at once',
    description:
      'For the users named (user_ids), those a filter of the users list matches (filter), or every live user (all), ' +
      'at most 10,000. Each user is changed in a transaction of its own and audited as the single action would be; ' +
      'the answer has one entry per user. With dry_run, nothing is written: the answer lists whom it would touch.',
  })
  @ApiOkResponse({ type: BulkResultDto })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'VALIDATION_FAILED; `details.errors` names each field (a target of more than 10,000 users: `target`).',
  })
  async run(@Body() body: BulkRequestDto, @CurrentUser() actor: AuthUser): Promise<BulkResultDto> {
    const result = await this.bulk.run(toTarget(body.target), toAction(body.action), body.dry_run ?? false, actor);
    return {
      dry_run: result.dryRun,
      users: result.users,
      results: result.results.map(({ userId, email, ok, changed, error }) => ({
        user_id: userId,
        email,
        ok,
        changed,
        ...(error && { error }),
      })),
    };
  }
}

function toTarget(target: BulkTargetDto): BulkTarget {
  if (target.user_ids) return { userIds: target.user_ids };
  if (target.filter) {
    const { search, auth_source, platform, status } = target.filter;
    return { filter: { search, authSource: auth_source, platform, status } };
  }
  return { all: true };
}

function toAction(action: BulkActionDto): BulkAction {
  switch (action.type) {
    case 'apply_defaults':
      return { type: 'apply_defaults', mode: action.mode! };
    case 'reset':
      return { type: 'reset', platform: action.platform!, window: action.window! };
    case 'set_limits': {
      const limits: Partial<Limits> = {};
      for (const w of WINDOWS) {
        const value = action[`${w}_limit_usd`];
        if (value !== undefined) limits[w] = value;
      }
      return { type: 'set_limits', platform: action.platform!, limits };
    }
  }
}
