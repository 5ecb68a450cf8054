/** The migrated schema against the reference's seed DDL, and the entity layer on top of it. */
import { DataSource, Repository } from 'typeorm';

import { PLATFORMS } from '../src/common/domain.constants.js';
import { ERROR_STATUS } from '../src/common/domain-error.js';
import { formatMoney, Money } from '../src/common/money.js';
import { toDomainError } from '../src/common/pg-errors.js';
import { QUOTA_CONSTRAINT_ERRORS } from '../src/quota/quota.errors.js';
import {
  USER_PLATFORM_QUOTA_ACTIVE_UQ,
  USER_PLATFORM_QUOTA_PLATFORM_CHECK,
  UserPlatformQuota,
} from '../src/quota/user-platform-quota.entity.js';
import { QUOTA_CHARGES_PLATFORM_CHECK } from '../src/billing/quota-charge.entity.js';
import { QUOTA_HOLDS_PLATFORM_CHECK } from '../src/billing/quota-hold.constants.js';
import { User } from '../src/users/user.entity.js';
import { USERS_CONSTRAINT_ERRORS } from '../src/users/users.errors.js';
import { useTestApp } from './support/test-app.js';

describe('schema', () => {
  const t = useTestApp();
  let ds: DataSource;
  let users: Repository<User>;
  let quotas: Repository<UserPlatformQuota>;

  beforeAll(async () => {
    ds = t.dataSource;
    users = ds.getRepository(User);
    quotas = ds.getRepository(UserPlatformQuota);
  });

  const newUser = (email: string) => users.save(users.create({ email, authSource: 'email' }));

  it('creates user_platform_quotas exactly as the seed migration', async () => {
    const columns = await ds.query(
      `SELECT column_name, data_type, is_nullable, column_default, character_maximum_length AS len,
              numeric_precision AS precision, numeric_scale AS scale
         FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name = 'user_platform_quotas'
        ORDER BY ordinal_position`,
    );
    const money = { data_type: 'numeric', len: null, precision: 20, scale: 10 };
    const ts = { data_type: 'timestamp with time zone', len: null, precision: null, scale: null };
    expect(columns).toEqual([
      {
        column_name: 'id',
        data_type: 'bigint',
        is_nullable: 'NO',
        column_default: "nextval('user_platform_quotas_id_seq'::regclass)",
        len: null,
        precision: 64,
        scale: 0,
      },
      {
        column_name: 'user_id',
        data_type: 'bigint',
        is_nullable: 'NO',
        column_default: null,
        len: null,
        precision: 64,
        scale: 0,
      },
      {
        column_name: 'platform',
        data_type: 'character varying',
        is_nullable: 'NO',
        column_default: null,
        len: 32,
        precision: null,
        scale: null,
      },
      { column_name: 'daily_limit_usd', ...money, is_nullable: 'YES', column_default: null },
      { column_name: 'weekly_limit_usd', ...money, is_nullable: 'YES', column_default: null },
      { column_name: 'monthly_limit_usd', ...money, is_nullable: 'YES', column_default: null },
      { column_name: 'daily_usage_usd', ...money, is_nullable: 'NO', column_default: '0' },
      { column_name: 'weekly_usage_usd', ...money, is_nullable: 'NO', column_default: '0' },
      { column_name: 'monthly_usage_usd', ...money, is_nullable: 'NO', column_default: '0' },
      { column_name: 'daily_window_start', ...ts, is_nullable: 'YES', column_default: null },
      { column_name: 'weekly_window_start', ...ts, is_nullable: 'YES', column_default: null },
      { column_name: 'monthly_window_start', ...ts, is_nullable: 'YES', column_default: null },
      { column_name: 'created_at', ...ts, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'updated_at', ...ts, is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'deleted_at', ...ts, is_nullable: 'YES', column_default: null },
    ]);
  });

  it('has the seed indexes under their names, the partial one with its predicate', async () => {
    const indexes = await ds.query(
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'user_platform_quotas' ORDER BY indexname`,
    );
    expect(indexes).toEqual([
      {
        indexname: 'user_platform_quotas_pkey',
        indexdef: expect.stringContaining('UNIQUE INDEX user_platform_quotas_pkey'),
      },
      {
        indexname: 'userplatformquota_user_id',
        indexdef: 'CREATE INDEX userplatformquota_user_id ON public.user_platform_quotas USING btree (user_id)',
      },
      {
        indexname: USER_PLATFORM_QUOTA_ACTIVE_UQ,
        indexdef: `CREATE UNIQUE INDEX ${USER_PLATFORM_QUOTA_ACTIVE_UQ} ON public.user_platform_quotas USING btree (user_id, platform) WHERE (deleted_at IS NULL)`,
      },
    ]);
  });

  it('references users with ON DELETE CASCADE', async () => {
    const [fk] = await ds.query(
      `SELECT confrelid::regclass::text AS target, confdeltype AS on_delete
         FROM pg_constraint WHERE conrelid = 'user_platform_quotas'::regclass AND contype = 'f'`,
    );
    expect(fk).toEqual({ target: 'users', on_delete: 'c' });
  });

  it.each([
    ['user_platform_quotas', USER_PLATFORM_QUOTA_PLATFORM_CHECK],
    ['quota_charges', QUOTA_CHARGES_PLATFORM_CHECK],
    ['quota_holds', QUOTA_HOLDS_PLATFORM_CHECK],
  ])('lists exactly the PLATFORMS constant in the CHECK constraint of %s', async (table, name) => {
    const [row] = await ds.query(
      `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = $1::regclass AND conname = $2`,
      [table, name],
    );
    const platforms = [...(row.def as string).matchAll(/'([^']+)'/g)].map((m) => m[1]);
    expect(platforms.sort()).toEqual([...PLATFORMS].sort());
  });

  it('refuses a second active row for one (user, platform), with a 409-class domain error', async () => {
    const user = await newUser('dup@example.com');
    await quotas.save(quotas.create({ userId: user.id, platform: 'openai' }));
    const error = await quotas.save(quotas.create({ userId: user.id, platform: 'openai' })).catch((e: unknown) => e);
    const domain = toDomainError(error, QUOTA_CONSTRAINT_ERRORS);
    expect(domain?.code).toBe('USER_PLATFORM_QUOTA_CONFLICT');
    expect(ERROR_STATUS[domain!.code]).toBe(409);
    expect(await quotas.countBy({ userId: user.id })).toBe(1);
  });

  it('allows a new active row next to a soft-deleted one', async () => {
    const user = await newUser('history@example.com');
    const first = await quotas.save(quotas.create({ userId: user.id, platform: 'gemini' }));
    await quotas.softDelete(first.id);
    await quotas.save(quotas.create({ userId: user.id, platform: 'gemini' }));
    expect(await quotas.countBy({ userId: user.id })).toBe(1);
    expect(await quotas.count({ where: { userId: user.id }, withDeleted: true })).toBe(2);
  });

  it('deletes quota rows with their user', async () => {
    const user = await newUser('cascade@example.com');
    await quotas.save(PLATFORMS.map((platform) => quotas.create({ userId: user.id, platform })));
    await ds.query('DELETE FROM users WHERE id = $1', [user.id]);
    expect(await quotas.count({ where: { userId: user.id }, withDeleted: true })).toBe(0);
  });

  it('round-trips money exactly through the entity and raw rows', async () => {
    const user = await newUser('money@example.com');
    const saved = await quotas.save(
      quotas.create({
        userId: user.id,
        platform: 'anthropic',
        dailyLimitUsd: new Money('0.0000000001'),
        weeklyLimitUsd: null,
        monthlyLimitUsd: new Money('9999999999.9999999999'),
        dailyUsageUsd: new Money('1234567890.0987654321'),
      }),
    );
    const read = await quotas.findOneByOrFail({ id: saved.id });
    expect(formatMoney(read.dailyLimitUsd)).toBe('0.0000000001');
    expect(read.weeklyLimitUsd).toBeNull();
    expect(formatMoney(read.monthlyLimitUsd)).toBe('9999999999.9999999999');
    expect(formatMoney(read.dailyUsageUsd)).toBe('1234567890.0987654321');
    expect(read.userId).toBe(user.id);
    const [raw] = await ds.query('SELECT monthly_limit_usd FROM user_platform_quotas WHERE id = $1', [saved.id]);
    expect(raw.monthly_limit_usd).toBe('9999999999.9999999999');
  });

  it('treats email as unique case-insensitively among live users only', async () => {
    const first = await newUser('Case@Example.com');
    expect(
      toDomainError(await newUser('case@example.COM').catch((e: unknown) => e), USERS_CONSTRAINT_ERRORS)?.code,
    ).toBe('EMAIL_TAKEN');
    await users.softDelete(first.id);
    await expect(newUser('case@example.com')).resolves.toMatchObject({ email: 'case@example.com' });
  });
});
