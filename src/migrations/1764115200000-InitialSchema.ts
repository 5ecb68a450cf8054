import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema. `user_platform_quotas` is the reference system's table as its migration 142
 * creates it (columns, defaults, CHECK, cascade and both index names); the platform list is
 * written out here as it stood and compared with PLATFORMS by a test, never imported, so that
 * this migration cannot change after it has run.
 */
export class InitialSchema1764115200000 implements MigrationInterface {
  name = 'InitialSchema1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id          BIGSERIAL PRIMARY KEY,
        email       VARCHAR(320) NOT NULL,
        auth_source VARCHAR(16) NOT NULL
          CONSTRAINT users_auth_source_check
          CHECK (auth_source IN ('email', 'linuxdo', 'oidc', 'wechat', 'github', 'google', 'dingtalk')),
        role        VARCHAR(16) NOT NULL DEFAULT 'user'
          CONSTRAINT users_role_check CHECK (role IN ('user', 'admin')),
        created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        deleted_at  TIMESTAMPTZ
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX users_email_active_uq ON users (lower(email)) WHERE deleted_at IS NULL`);

    await queryRunner.query(`
      CREATE TABLE settings (
        key        VARCHAR(128) PRIMARY KEY,
        value      JSONB NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);

    await queryRunner.query(`
      CREATE TABLE user_platform_quotas (
        id                   BIGSERIAL PRIMARY KEY,
        user_id              BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        platform             VARCHAR(32) NOT NULL
          CONSTRAINT user_platform_quotas_platform_check
          CHECK (platform IN ('anthropic', 'openai', 'gemini', 'antigravity')),
        daily_limit_usd      DECIMAL(20,10),
        weekly_limit_usd     DECIMAL(20,10),
        monthly_limit_usd    DECIMAL(20,10),
        daily_usage_usd      DECIMAL(20,10) NOT NULL DEFAULT 0,
        weekly_usage_usd     DECIMAL(20,10) NOT NULL DEFAULT 0,
        monthly_usage_usd    DECIMAL(20,10) NOT NULL DEFAULT 0,
        daily_window_start   TIMESTAMPTZ,
        weekly_window_start  TIMESTAMPTZ,
        monthly_window_start TIMESTAMPTZ,
        created_at           TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        updated_at           TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        deleted_at           TIMESTAMPTZ
      )`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX userplatformquota_user_id_platform_uq
        ON user_platform_quotas (user_id, platform)
        WHERE deleted_at IS NULL`);
    await queryRunner.query(`
      CREATE INDEX userplatformquota_user_id ON user_platform_quotas (user_id)`);

    await queryRunner.query(`
      CREATE TABLE quota_charges (
        id         BIGSERIAL PRIMARY KEY,
        request_id VARCHAR(255) NOT NULL
          CONSTRAINT quota_charges_request_id_check CHECK (request_id <> ''),
        user_id    BIGINT NOT NULL CONSTRAINT quota_charges_user_id_fk REFERENCES users(id),
        platform   VARCHAR(32) NOT NULL
          CONSTRAINT quota_charges_platform_check
          CHECK (platform IN ('anthropic', 'openai', 'gemini', 'antigravity')),
        cost_usd   DECIMAL(20,10) NOT NULL CONSTRAINT quota_charges_cost_usd_check CHECK (cost_usd >= 0),
        charged_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
        CONSTRAINT quota_charges_request_id_uq UNIQUE (request_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE admin_audit_log (
        id             BIGSERIAL PRIMARY KEY,
        actor_user_id  BIGINT,
        action         VARCHAR(64) NOT NULL,
        target_user_id BIGINT,
        before         JSONB,
        after          JSONB,
        created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW()
      )`);
    await queryRunner.query(`
      CREATE INDEX admin_audit_log_target_user_id_idx ON admin_audit_log (target_user_id, id)`);
    await queryRunner.query(`
      CREATE INDEX admin_audit_log_action_idx ON admin_audit_log (action, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE admin_audit_log`);
    await queryRunner.query(`DROP TABLE quota_charges`);
    await queryRunner.query(`DROP TABLE user_platform_quotas`);
    await queryRunner.query(`DROP TABLE settings`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
