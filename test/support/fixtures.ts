/** Rows the tests set up directly, before the admin API exists to do it. */
import { randomUUID } from 'node:crypto';

import type { DataSource } from 'typeorm';

import type { AuthSource, Platform, QuotaWindow, Role } from '../../src/common/domain.constants.js';
import { Money } from '../../src/common/money.js';
import { UserPlatformQuota } from '../../src/quota/user-platform-quota.entity.js';
import { User } from '../../src/users/user.entity.js';

export async function createUser(
  ds: DataSource,
  options: { email?: string; authSource?: AuthSource; role?: Role } = {},
): Promise<User> {
  const users = ds.getRepository(User);
  return users.save(
    users.create({
      email: options.email ?? `user-${randomUUID()}@example.com`,
      authSource: options.authSource ?? 'email',
      role: options.role ?? 'user',
    }),
  );
}

type Amount = string | number | null;

export interface QuotaFixture {
  limits?: Partial<Record<QuotaWindow, Amount>>;
  usage?: Partial<Record<QuotaWindow, string | number>>;
  starts?: Partial<Record<QuotaWindow, string | Date | null>>;
}

export async function setQuota(
  ds: DataSource,
  userId: number,
  platform: Platform,
  fixture: QuotaFixture = {},
): Promise<UserPlatformQuota> {
  const repo = ds.getRepository(UserPlatformQuota);
  const money = (v: Amount | undefined) => (v === null || v === undefined ? null : new Money(v));
  const date = (v: string | Date | null | undefined) => (v === null || v === undefined ? null : new Date(v));
  return repo.save(
    repo.create({
      userId,
      platform,
      dailyLimitUsd: money(fixture.limits?.daily),
      weeklyLimitUsd: money(fixture.limits?.weekly),
      monthlyLimitUsd: money(fixture.limits?.monthly),
      dailyUsageUsd: new Money(fixture.usage?.daily ?? 0),
      weeklyUsageUsd: new Money(fixture.usage?.weekly ?? 0),
      monthlyUsageUsd: new Money(fixture.usage?.monthly ?? 0),
      dailyWindowStart: date(fixture.starts?.daily),
      weeklyWindowStart: date(fixture.starts?.weekly),
      monthlyWindowStart: date(fixture.starts?.monthly),
    }),
  );
}

export async function activeQuota(
  ds: DataSource,
  userId: number,
  platform: Platform,
): Promise<UserPlatformQuota | null> {
  return ds.getRepository(UserPlatformQuota).findOneBy({ userId, platform });
}
