import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';

import { AUDIT_ACTIONS, AuditService, type AuditAction } from '../audit/audit.service.js';
import type { AdminAuditLog } from '../audit/admin-audit-log.entity.js';
import { Authenticated } from '../auth/auth.decorators.js';
import { ID_SCHEMA, IntegerQuery, PageQueryDto, type Page } from '../http/http-params.js';
import { Optional } from '../http/validation.js';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ ...ID_SCHEMA, description: 'Only entries about this user.', example: 42 })
  @Optional()
  @IntegerQuery()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  @IsInt()
  target_user_id?: number;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @Optional()
  @IsIn(AUDIT_ACTIONS, { message: `action must be one of: ${AUDIT_ACTIONS.join(', ')}` })
  action?: AuditAction;
}

export class AuditLogEntryDto {
  @ApiProperty({ type: 'integer', example: 7 })
  id: number;
  @ApiProperty({ type: 'integer', nullable: true, example: 1, description: 'The admin who made the change.' })
  actor_user_id: number | null;
  @ApiProperty({ enum: AUDIT_ACTIONS })
  action: AuditAction;
  @ApiProperty({ type: 'integer', nullable: true, example: 42, description: 'The user changed; null for settings.' })
  target_user_id: number | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { anthropic: { daily: '10', weekly: null, monthly: null } },
  })
  before: object | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { anthropic: { daily: '20', weekly: null, monthly: null } },
  })
  after: object | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class AuditLogPageDto {
  @ApiProperty({ type: [AuditLogEntryDto] })
  items: AuditLogEntryDto[];
  @ApiProperty({ type: 'integer', example: 1 })
  page: number;
  @ApiProperty({ type: 'integer', example: 20 })
  page_size: number;
  @ApiProperty({ type: 'integer', example: 1 })
  total: number;
}

@ApiTags('admin: audit log')
@Authenticated('admin')
@Controller('api/v1/admin/audit-log')
export class AuditAdminController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'Every admin change, newest first: who, what, to whom, before and after' })
  @ApiOkResponse({ type: AuditLogPageDto })
  async list(@Query() query: AuditLogQueryDto): Promise<Page<AuditLogEntryDto>> {
    const { items, total } = await this.audit.list({
      page: query.page,
      pageSize: query.page_size,
      targetUserId: query.target_user_id,
      action: query.action,
    });
    return { items: items.map(toEntry), page: query.page, page_size: query.page_size, total };
  }
}

function toEntry(entry: AdminAuditLog): AuditLogEntryDto {
  return {
    id: entry.id,
    actor_user_id: entry.actorUserId,
    action: entry.action as AuditAction,
    target_user_id: entry.targetUserId,
    before: entry.before,
    after: entry.after,
    created_at: entry.createdAt.toISOString(),
  };
}
