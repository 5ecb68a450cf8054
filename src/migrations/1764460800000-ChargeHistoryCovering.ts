import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The spending history's index carries the platform and the cost too, so a user's 90 days are
 * summed from the index alone (an index-only scan) instead of fetching every charge's row from a
 * ledger that no longer fits in memory. Rebuilt in the migration's transaction: on a large ledger
 * it holds off charges while it builds; to avoid that, build the new index CONCURRENTLY by hand
 * beforehand under another name, then let this migration drop and rename.
 */
export class ChargeHistoryCovering1764460800000 implements MigrationInterface {
  name = 'ChargeHistoryCovering1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX IF NOT EXISTS quota_charges_user_id_charged_at_cov
         ON quota_charges (user_id, charged_at) INCLUDE (platform, cost_usd)`,
    );
    await queryRunner.query(`DROP INDEX quota_charges_user_id_charged_at_idx`);
    await queryRunner.query(
      `ALTER INDEX quota_charges_user_id_charged_at_cov RENAME TO quota_charges_user_id_charged_at_idx`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX quota_charges_user_id_charged_at_idx`);
    await queryRunner.query(`CREATE INDEX quota_charges_user_id_charged_at_idx ON quota_charges (user_id, charged_at)`);
  }
}
