WITH recorded AS (
  SELECT * FROM quota_charges WHERE request_id = ANY($1::text[])
),
deltas AS (
  SELECT d.*, row.id AS quota_id
  FROM unnest($5::bigint[], $6::text[], $7::numeric[]) WITH ORDINALITY AS d(user_id, platform, total, slot)
  LEFT JOIN LATERAL (SELECT id, deleted_at FROM users WHERE id = d.user_id LIMIT 1) u ON u.deleted_at IS NULL
  LEFT JOIN LATERAL (
    SELECT id FROM user_platform_quotas q
    WHERE q.user_id = d.user_id AND q.platform = d.platform AND q.deleted_at IS NULL
    LIMIT 1 FOR NO KEY UPDATE
  ) row ON true
  WHERE u.id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM recorded)
),
updated AS (
  UPDATE user_platform_quotas AS q SET
      daily_usage_usd = CASE WHEN (q.daily_window_start IS NULL OR q.daily_window_start < $8) THEN d.total ELSE q.daily_usage_usd + d.total END,
      daily_window_start = CASE WHEN (q.daily_window_start IS NULL OR q.daily_window_start < $8) THEN $9 ELSE q.daily_window_start END,
      weekly_usage_usd = CASE WHEN (q.weekly_window_start IS NULL OR q.weekly_window_start < $10) THEN d.total ELSE q.weekly_usage_usd + d.total END,
      weekly_window_start = CASE WHEN (q.weekly_window_start IS NULL OR q.weekly_window_start < $10) THEN $11 ELSE q.weekly_window_start END,
      monthly_usage_usd = CASE WHEN (q.monthly_window_start IS NULL OR q.monthly_window_start < $12) THEN d.total ELSE q.monthly_usage_usd + d.total END,
      monthly_window_start = CASE WHEN (q.monthly_window_start IS NULL OR q.monthly_window_start < $12) THEN $13 ELSE q.monthly_window_start END,
      updated_at = $14
  FROM deltas d
  WHERE q.id = d.quota_id AND q.id = ANY(ARRAY(SELECT quota_id FROM deltas))
  RETURNING d.slot, d.total, q.user_id, q.platform, q.daily_limit_usd, q.daily_usage_usd, q.daily_window_start, q.weekly_limit_usd, q.weekly_usage_usd, q.weekly_window_start, q.monthly_limit_usd, q.monthly_usage_usd, q.monthly_window_start
),
inserted AS (
  INSERT INTO user_platform_quotas AS q
    (user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd,
     daily_window_start, weekly_window_start, monthly_window_start)
  SELECT d.user_id, d.platform, d.total, d.total, d.total, $9, $11, $13 FROM deltas d
  WHERE d.slot NOT IN (SELECT slot FROM updated)
  ORDER BY d.slot
  ON CONFLICT (user_id, platform) WHERE deleted_at IS NULL DO UPDATE SET
      daily_usage_usd = CASE WHEN (q.daily_window_start IS NULL OR q.daily_window_start < $8) THEN EXCLUDED.daily_usage_usd ELSE q.daily_usage_usd + EXCLUDED.daily_usage_usd END,
      daily_window_start = CASE WHEN (q.daily_window_start IS NULL OR q.daily_window_start < $8) THEN $9 ELSE q.daily_window_start END,
      weekly_usage_usd = CASE WHEN (q.weekly_window_start IS NULL OR q.weekly_window_start < $10) THEN EXCLUDED.weekly_usage_usd ELSE q.weekly_usage_usd + EXCLUDED.weekly_usage_usd END,
      weekly_window_start = CASE WHEN (q.weekly_window_start IS NULL OR q.weekly_window_start < $10) THEN $11 ELSE q.weekly_window_start END,
      monthly_usage_usd = CASE WHEN (q.monthly_window_start IS NULL OR q.monthly_window_start < $12) THEN EXCLUDED.monthly_usage_usd ELSE q.monthly_usage_usd + EXCLUDED.monthly_usage_usd END,
      monthly_window_start = CASE WHEN (q.monthly_window_start IS NULL OR q.monthly_window_start < $12) THEN $13 ELSE q.monthly_window_start END,
      updated_at = $14
  RETURNING q.user_id, q.platform, q.daily_limit_usd, q.daily_usage_usd, q.daily_window_start, q.weekly_limit_usd, q.weekly_usage_usd, q.weekly_window_start, q.monthly_limit_usd, q.monthly_usage_usd, q.monthly_window_start
),
counters AS (
  SELECT * FROM updated
  UNION ALL
  SELECT d.slot, d.total, i.user_id, i.platform, i.daily_limit_usd, i.daily_usage_usd, i.daily_window_start, i.weekly_limit_usd, i.weekly_usage_usd, i.weekly_window_start, i.monthly_limit_usd, i.monthly_usage_usd, i.monthly_window_start FROM inserted i JOIN deltas d USING (user_id, platform)
),
charged AS (
  INSERT INTO quota_charges
    (request_id, user_id, platform, cost_usd, charged_at, daily_usage_usd, weekly_usage_usd, monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start, exhausted_windows)
  SELECT c.request_id, k.user_id, k.platform, c.cost, $14,
    after.daily, after.weekly, after.monthly,
    k.daily_window_start, k.weekly_window_start, k.monthly_window_start,
    array_remove(ARRAY[
      CASE WHEN after.daily >= k.daily_limit_usd THEN 'daily' END,
      CASE WHEN after.weekly >= k.weekly_limit_usd THEN 'weekly' END,
      CASE WHEN after.monthly >= k.monthly_limit_usd THEN 'monthly' END
    ], NULL)
  FROM unnest($1::text[], $2::int[], $3::numeric[], $4::numeric[]) AS c(request_id, slot, cost, running)
  JOIN counters k ON k.slot = c.slot
  CROSS JOIN LATERAL (
    SELECT k.daily_usage_usd - k.total + c.running AS daily,
           k.weekly_usage_usd - k.total + c.running AS weekly,
           k.monthly_usage_usd - k.total + c.running AS monthly
  ) after
  RETURNING request_id, user_id, platform, daily_usage_usd, weekly_usage_usd, monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start, exhausted_windows
),
settled AS (
  UPDATE quota_holds h SET state = 'settled', finished_at = $14
  FROM charged c
  WHERE h.request_id = ANY($1::text[])
    AND h.request_id = c.request_id AND h.user_id = c.user_id AND h.platform = c.platform
    AND h.state IN ('held', 'expired')
  RETURNING h.request_id
)
SELECT false AS duplicate, request_id,
  NULL::bigint AS user_id, NULL AS platform, NULL::numeric AS cost_usd, NULL::timestamptz AS charged_at,
  daily_usage_usd, weekly_usage_usd, monthly_usage_usd, NULLIF(daily_window_start, $9) AS daily_window_start, NULLIF(weekly_window_start, $11) AS weekly_window_start, NULLIF(monthly_window_start, $13) AS monthly_window_start, NULLIF(exhausted_windows, '{}') AS exhausted_windows,
  request_id IN (SELECT request_id FROM settled) AS settled_hold
FROM charged
UNION ALL
SELECT true, request_id, user_id, platform, cost_usd, charged_at, daily_usage_usd, weekly_usage_usd, monthly_usage_usd, daily_window_start, weekly_window_start, monthly_window_start, exhausted_windows, false FROM recorded
