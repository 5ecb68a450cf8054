/**
 * The defaults documents in the `settings` table: read and replaced whole, each write audited in
 * its transaction, and resolved into the limits a new user starts with.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import type { Actor } from '../audit/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { AUTH_SOURCES, type AuthSource, type Platform } from '../common/domain.constants.js';
import type { FieldError } from '../common/domain-error.js';
import type { Limits } from '../quota/quota-limits.js';
import {
  completeDocument,
  parseDefaultsDocument,
  PLATFORM_QUOTA_SETTING_KEYS,
  type PlatformQuotaSettingKey,
  resolveDefaults,
  sourceDefaultsKey,
  sourceGrantKey,
  SYSTEM_DEFAULTS_KEY,
  type DefaultsDocument,
  type StoredLimits,
} from './platform-quota-defaults.js';
import { invalidDefaults } from './settings.errors.js';

/** The whole configuration layer under the reference's key names (also the stored keys). */
export type PlatformQuotaSettings = {
  default_platform_quotas: Record<Platform, StoredLimits>;
} & {
  [S in AuthSource as `auth_source_default_${S}_platform_quotas`]: DefaultsDocument | null;
} & {
  [S in AuthSource as `auth_source_default_${S}_grant_on_signup`]: boolean;
};

/** A PUT: each key named with a non-null value replaces its stored value whole. */
export type PlatformQuotaSettingsUpdate = Partial<Record<PlatformQuotaSettingKey, unknown>>;

@Injectable()
export class SettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async read(manager: EntityManager = this.dataSource.manager): Promise<PlatformQuotaSettings> {
    const stored = await this.stored(manager);
    const view: Record<string, unknown> = {
      [SYSTEM_DEFAULTS_KEY]: completeDocument(
        (stored.get(SYSTEM_DEFAULTS_KEY) as DefaultsDocument | undefined) ?? null,
      ),
    };
    for (const source of AUTH_SOURCES) {
      view[sourceDefaultsKey(source)] = stored.get(sourceDefaultsKey(source)) ?? null;
      view[sourceGrantKey(source)] = stored.get(sourceGrantKey(source)) === true;
    }
    return view as PlatformQuotaSettings;
  }

  /**
   * Replaces the documents and flags the update names (absent or null: unchanged; `{}` clears a
   * document). One invalid document refuses the whole update and nothing is written.
   */
  async update(update: PlatformQuotaSettingsUpdate, actor: Actor): Promise<PlatformQuotaSettings> {
    const writes = new Map<string, unknown>();
    const errors: FieldError[] = [];
    for (const key of PLATFORM_QUOTA_SETTING_KEYS) {
      const value = update[key];
      if (value === undefined || value === null) continue;
      if (key.endsWith('_grant_on_signup')) {
        writes.set(key, value === true);
        continue;
      }
      const document = parseDefaultsDocument(value, key);
      if (Array.isArray(document)) errors.push(...document);
      else writes.set(key, document);
    }
    if (errors.length > 0) throw invalidDefaults(errors);
    if (writes.size === 0) return this.read();

    return this.dataSource.transaction(async (manager) => {
      const stored = await this.stored(manager);
      const keys = [...writes.keys()];
      await manager.query(
        `INSERT INTO settings (key, value, updated_at)
         SELECT key, value, $3 FROM unnest($1::text[], $2::jsonb[]) AS s(key, value)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [keys, keys.map((k) => JSON.stringify(writes.get(k))), this.clock.now()],
      );
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'settings.platform_quotas.updated',
        targetUserId: null,
        before: Object.fromEntries(keys.map((k) => [k, stored.get(k) ?? null])),
        after: Object.fromEntries(keys.map((k) => [k, writes.get(k)])),
      });
      return this.read(manager);
    });
  }

  /** The limits a new user of `source` starts with, per platform (see `resolveDefaults`). */
  async defaultsFor(
    source: AuthSource,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Record<Platform, Limits>> {
    const stored = await this.stored(manager, [SYSTEM_DEFAULTS_KEY, sourceDefaultsKey(source), sourceGrantKey(source)]);
    return resolveDefaults(
      (stored.get(SYSTEM_DEFAULTS_KEY) as DefaultsDocument | undefined) ?? null,
      (stored.get(sourceDefaultsKey(source)) as DefaultsDocument | undefined) ?? null,
      stored.get(sourceGrantKey(source)) === true,
    );
  }

  private async stored(
    manager: EntityManager,
    keys: readonly string[] = PLATFORM_QUOTA_SETTING_KEYS,
  ): Promise<Map<string, unknown>> {
    const rows: { key: string; value: unknown }[] = await manager.query(
      `SELECT key, value FROM settings WHERE key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }
}
