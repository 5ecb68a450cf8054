import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds: an estimated cost reserved by a check, counted as used until the charge of the same
 * request id settles it, a release releases it or it expires. The platform list is written out
 * as it stands (a test compares it with PLATFORMS), never imported, so this migration cannot
 * change after it has run.
 */
export class QuotaHolds1764374400000 implements MigrationInterface {
  name = 'QuotaHolds1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE quota_holds (
        id          BIGSERIAL PRIMARY KEY,
        request_id  VARCHAR(255) NOT NULL
          CONSTRAINT quota_holds_request_id_check CHECK (request_id <> ''),
        user_id     BIGINT NOT NULL CONSTRAINT quota_holds_user_id_fk REFERENCES users(id) ON DELETE CASCADE,
        platform    VARCHAR(32) NOT NULL
          CONSTRAINT quota_holds_platform_check
          CHECK (platform IN ('anthropic', 'openai', 'gemini', 'antigravity')),
        amount_usd  DECIMAL(20,10) NOT NULL CONSTRAINT quota_holds_amount_usd_check CHECK (amount_usd >= 0),
        state       VARCHAR(16) NOT NULL DEFAULT 'held'
          CONSTRAINT quota_holds_state_check CHECK (state IN ('held', 'settled', 'released', 'expired')),
        created_at  TIMESTAMPTZ NOT NULL,
        expires_at  TIMESTAMPTZ NOT NULL,
        finished_at TIMESTAMPTZ,
        CONSTRAINT quota_holds_request_id_uq UNIQUE (request_id)
      )`);
    await queryRunner.query(`
      CREATE INDEX quota_holds_live_idx ON quota_holds (user_id, platform, expires_at) INCLUDE (amount_usd)
        WHERE state = 'held'`);
    await queryRunner.query(`CREATE INDEX quota_holds_expires_at_idx ON quota_holds (expires_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE quota_holds`);
  }
}
