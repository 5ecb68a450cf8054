/**
 * A user together with its quota rows: registration creates the user and a row per platform from
 * the resolved defaults in one transaction, both or neither; deletion removes both; admins can
 * re-apply the current defaults to existing users. Every admin write is audited in its transaction.
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

import type { Actor } from '../audit/actor.js';
import { AuditService, type AuditEntry } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { isAuthSource, PLATFORMS, type AuthSource, type Platform, type Role } from '../common/domain.constants.js';
import { DomainError } from '../common/domain-error.js';
import { toDomainError } from '../common/pg-errors.js';
import { QUOTA_CONSTRAINT_ERRORS } from '../quota/quota.errors.js';
import { limitsJson, type Limits } from '../quota/quota-limits.js';
import { QuotaService, type QuotaView } from '../quota/quota.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { isEmailAddress } from '../users/email.js';
import { User } from '../users/user.entity.js';
import { lockUsers, requireUser, USERS_CONSTRAINT_ERRORS } from '../users/users.errors.js';

export interface Registration {
  email: string;
  authSource: AuthSource;
  role?: Role;
}

export type ApplyDefaultsMode = 'fill_missing' | 'overwrite';

export type ApplyDefaultsTarget = { userIds: number[] } | { all: true };

export interface ApplyDefaultsResult {
  users: number;
  rowsCreated: number;
  rowsUpdated: number;
}

const CONSTRAINT_ERRORS = { ...USERS_CONSTRAINT_ERRORS, ...QUOTA_CONSTRAINT_ERRORS };

@Injectable()
export class AccountsService {
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
   * Checks its input itself: self-registration and the CLI call it without the HTTP layer.
   */
  async register(registration: Registration, actor?: Actor): Promise<{ user: User; quotas: QuotaView[] }> {
    const email = registration.email.trim();
    if (!isEmailAddress(email)) throw DomainError.field('email', 'email must be an email address');
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
      throw toDomainError(error, CONSTRAINT_ERRORS) ?? error;
    }
  }

  /** Soft-deletes the user and its active quota rows. */
  async remove(id: number, actor: Actor): Promise<User> {
    return this.dataSource.transaction(async (manager) => {
      await requireUser(manager, id, { lock: true });
      const now = this.clock.now();
      await this.quotas.softDelete(manager, id, now);
      await manager.update(User, { id }, { deletedAt: now, updatedAt: now });
      const user = await manager.findOneOrFail(User, { where: { id }, withDeleted: true });
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
    target: ApplyDefaultsTarget,
    mode: ApplyDefaultsMode,
    actor: Actor,
  ): Promise<ApplyDefaultsResult> {
    return this.dataSource.transaction(async (manager) => {
      const users = await lockUsers(manager, 'all' in target ? 'all' : target.userIds);
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
