/**
 * What live holds keep per (user, platform), for the views: the holds the billing hot path
 * reserves (table `quota_holds`) count as used until settled, released or expired at `now`, the
 * same rule as the check's read.
 */
import type { EntityManager } from 'typeorm';

import type { Platform } from '../common/domain.constants.js';
import { moneyFromDb, type Money } from '../common/money.js';

/** Per `userId:platform` with live holds, the amount they keep; pairs without any are absent. */
export async function heldAmounts(manager: EntityManager, userIds: number[], now: Date): Promise<Map<string, Money>> {
  const rows: { user_id: string; platform: Platform; held_usd: string }[] = await manager.query(
    `SELECT user_id, platform, sum(amount_usd) AS held_usd FROM quota_holds
      WHERE user_id = ANY($1::bigint[]) AND state = 'held' AND expires_at > $2
      GROUP BY user_id, platform`,
    [userIds, now],
  );
  return new Map(rows.map((row) => [`${row.user_id}:${row.platform}`, moneyFromDb(row.held_usd)]));
}
