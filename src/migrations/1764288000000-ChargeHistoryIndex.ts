import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user's charges by time, for their daily spending history (a range scan per user instead of a
 * scan of the whole ledger). Built in the migration's transaction: on a large ledger it holds off
 * charges while it builds; build it CONCURRENTLY by hand beforehand to avoid that (this one then
 * finds it there).
 */
export class ChargeHistoryIndex1764288000000 implements MigrationInterface {
  name = 'ChargeHistoryIndex1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS quota_charges_user_id_charged_at_idx ON quota_charges (user_id, charged_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX quota_charges_user_id_charged_at_idx`);
  }
}
