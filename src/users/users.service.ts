/**
 * Users, and the moment defaults become quota rows: registration creates the user and a row per
 * platform from the resolved defaults in one transaction, both or neither. Admins can later
 * re-apply the current defaults to existing users.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';

import { AuditService, type AuditEntry } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.guard.js';
import { Clock } from '../common/clock.js';
import { isAuthSource, PLATFORMS, type AuthSource, type Platform, type Role } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { toDomainError } from '../database/database-errors.js';
import { limitsJson, type Limits } from '../quota/quota-limits.js';
import { QuotaService, requireUser, type QuotaView } from '../quota/quota.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { User } from './user.entity.js';
import { userNotFound } from './users.errors.js';

export interface Registration {
  email: string;
  authSource: AuthSource;
  role?: Role;
}

export interface UserQuery {
  page: number;
  pageSize: number;
  /** Part of the email, case-insensitive. */
  search?: string;
  authSource?: AuthSource;
}

export type ApplyDefaultsMode = 'fill_missing' | 'overwrite';

export interface ApplyDefaultsResult {
  users: number;
  rowsCreated: number;
  rowsUpdated: number;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly quotas: QuotaService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a user with a quota row for every platform, from the defaults of its auth source (an
   * admin-created user gets them too). Refused with 409 when a live user has the email already.
   */
  async register(registration: Registration, actor?: AuthUser): Promise<{ user: User; quotas: QuotaView[] }> {
    const email = registration.email.trim();
    if (!EMAIL.test(email) || email.length > 320) throw DomainError.field('email', 'email must be an email address');
    if (!isAuthSource(registration.authSource))
      throw DomainError.field('authSource', 'authSource is not a known auth source');
    try {
      return await this.dataSource.transaction(async (manager) => {
        const defaults = await this.settings.defaultsFor(registration.authSource, manager);
        const user = await manager.save(
          manager.create(User, { email, authSource: registration.authSource, role: registration.role ?? 'user' }),
        );
        await this.quotas.applyLimits(manager, [{ userId: user.id, limits: defaults }], false);
        const quotas = await this.quotas.views(user.id, manager);
        if (actor) {
          await this.audit.record(manager, {
            actorUserId: actor.id,
            action: 'user.created',
            targetUserId: user.id,
            before: null,
            after: { ...userJson(user), platform_quotas: defaultsJson(defaults) },
          });
        }
        return { user, quotas };
      });
    } catch (error) {
      throw toDomainError(error) ?? error;
    }
  }

  async list(query: UserQuery): Promise<{ items: User[]; total: number }> {
    const builder = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.deleted_at IS NULL')
      .orderBy('u.id', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize);
    if (query.search) {
      builder.andWhere(`u.email ILIKE :pattern ESCAPE '\\'`, {
        pattern: `%${query.search.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    if (query.authSource) builder.andWhere('u.auth_source = :source', { source: query.authSource });
    const [items, total] = await builder.getManyAndCount();
    return { items, total };
  }

  async get(id: number): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id, deletedAt: IsNull() });
    if (!user) throw userNotFound(id);
    return user;
  }

  /** Soft-deletes the user and its active quota rows. */
  async remove(id: number, actor: AuthUser): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, id, true);
      const now = this.clock.now();
      await manager.query(
        `UPDATE user_platform_quotas SET deleted_at = $2, updated_at = $2 WHERE user_id = $1 AND deleted_at IS NULL`,
        [id, now],
      );
      await manager.query(`UPDATE users SET deleted_at = $2, updated_at = $2 WHERE id = $1`, [id, now]);
      const user = await manager.getRepository(User).findOneOrFail({ where: { id }, withDeleted: true });
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'user.deleted',
        targetUserId: id,
        before: { ...userJson(user), deleted_at: null },
        after: userJson(user),
      });
      return user;
    });
  }

  /**
   * Gives users the limits the current defaults resolve to for their auth source. `fill_missing`
   * creates rows only for platforms without an active row; `overwrite` also replaces the limits of
   * existing rows. Usage is kept either way. One transaction; an unknown user id refuses it all.
   */
  async applyDefaults(
    target: { userIds: number[] } | { all: true },
    mode: ApplyDefaultsMode,
    actor: AuthUser,
  ): Promise<ApplyDefaultsResult> {
    return this.dataSource.transaction(async (manager) => {
      const users = await this.targets(manager, target);
      const bySource = new Map<AuthSource, Record<Platform, Limits>>();
      for (const source of new Set(users.map((u) => u.authSource))) {
        bySource.set(source, await this.settings.defaultsFor(source, manager));
      }
      const targets = users.map((u) => ({ userId: u.id, limits: bySource.get(u.authSource)! }));
      const applied = await this.quotas.applyLimits(manager, targets, mode === 'overwrite');
      const result: ApplyDefaultsResult = { users: users.length, rowsCreated: 0, rowsUpdated: 0 };
      const entries: AuditEntry[] = [];
      for (const { userId, limits } of targets) {
        const { created, updated, before } = applied.get(userId)!;
        const changed = [...created, ...updated];
        if (changed.length === 0) continue;
        result.rowsCreated += created.length;
        result.rowsUpdated += updated.length;
        entries.push({
          actorUserId: actor.id,
          action: 'user.platform_quotas.defaults_applied',
          targetUserId: userId,
          before: Object.fromEntries(changed.map((p) => [p, before[p] ? limitsJson(before[p]) : null])),
          after: { mode, ...Object.fromEntries(changed.map((p) => [p, limitsJson(limits[p])])) },
        });
      }
      await this.audit.record(manager, ...entries);
      return result;
    });
  }

  private async targets(
    manager: EntityManager,
    target: { userIds: number[] } | { all: true },
  ): Promise<Pick<User, 'id' | 'authSource'>[]> {
    const rows: { id: string; auth_source: AuthSource }[] =
      'all' in target
        ? await manager.query(
            `SELECT id, auth_source FROM users WHERE deleted_at IS NULL ORDER BY id FOR NO KEY UPDATE`,
          )
        : await manager.query(
            `SELECT id, auth_source FROM users WHERE id = ANY($1::bigint[]) AND deleted_at IS NULL ORDER BY id FOR NO KEY UPDATE`,
            [target.userIds],
          );
    const users = rows.map((r) => ({ id: Number(r.id), authSource: r.auth_source }));
    if ('userIds' in target) {
      const found = new Set(users.map((u) => u.id));
      const missing = [...new Set(target.userIds)].filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new DomainError('USER_NOT_FOUND', `No such users: ${missing.join(', ')}.`, {
          details: { user_ids: missing },
        });
      }
    }
    return users;
  }
}

function userJson(user: User): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    auth_source: user.authSource,
    role: user.role,
    deleted_at: user.deletedAt?.toISOString() ?? null,
  };
}

function defaultsJson(defaults: Record<Platform, Limits>): Record<string, unknown> {
  return Object.fromEntries(PLATFORMS.map((p) => [p, limitsJson(defaults[p])]));
}
