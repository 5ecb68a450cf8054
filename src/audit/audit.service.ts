/**
 * The trail of admin changes. Every admin write records itself through `record`, with the
 * transaction's EntityManager, so the change and its entry commit or roll back together.
 */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';

import { AdminAuditLog } from './admin-audit-log.entity.js';

export interface AuditEntry {
  actorUserId: number | null;
  action: AuditAction;
  targetUserId: number | null;
  before: object | null;
  after: object | null;
}

export const AUDIT_ACTIONS = [
  'settings.platform_quotas.updated',
  'user.created',
  'user.deleted',
  'user.platform_quotas.replaced',
  'user.platform_quota.updated',
  'user.platform_quota.deleted',
  'user.platform_quota.reset',
  'user.platform_quotas.defaults_applied',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditQuery {
  page: number;
  pageSize: number;
  targetUserId?: number;
  action?: AuditAction;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AdminAuditLog) private readonly entries: Repository<AdminAuditLog>) {}

  async record(manager: EntityManager, ...entries: AuditEntry[]): Promise<void> {
    // In slices, to stay far below PostgreSQL's 65,535 parameters per statement.
    for (let i = 0; i < entries.length; i += 1000) {
      const slice = entries.slice(i, i + 1000).map((entry) => manager.create(AdminAuditLog, entry));
      await manager.getRepository(AdminAuditLog).insert(slice);
    }
  }

  /** Newest first. */
  async list(query: AuditQuery): Promise<{ items: AdminAuditLog[]; total: number }> {
    const [items, total] = await this.entries.findAndCount({
      where: {
        ...(query.targetUserId !== undefined && { targetUserId: query.targetUserId }),
        ...(query.action !== undefined && { action: query.action }),
      },
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items, total };
  }
}
