import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each ledger row keeps what its charge returned (usage after it, the window starts, the windows
 * it left at or over their limit), so a retried request id gets the first answer back. No code
 * wrote charges before this migration; should rows exist, it fails rather than invent results.
 */
export class RecordChargeResults1764201600000 implements MigrationInterface {
  name = 'RecordChargeResults1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE quota_charges
        ADD COLUMN daily_usage_usd      DECIMAL(20,10) NOT NULL,
        ADD COLUMN weekly_usage_usd     DECIMAL(20,10) NOT NULL,
        ADD COLUMN monthly_usage_usd    DECIMAL(20,10) NOT NULL,
        ADD COLUMN daily_window_start   TIMESTAMPTZ NOT NULL,
        ADD COLUMN weekly_window_start  TIMESTAMPTZ NOT NULL,
        ADD COLUMN monthly_window_start TIMESTAMPTZ NOT NULL,
        ADD COLUMN exhausted_windows    TEXT[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE quota_charges
        DROP COLUMN daily_usage_usd,
        DROP COLUMN weekly_usage_usd,
        DROP COLUMN monthly_usage_usd,
        DROP COLUMN daily_window_start,
        DROP COLUMN weekly_window_start,
        DROP COLUMN monthly_window_start,
        DROP COLUMN exhausted_windows`);
  }
}
