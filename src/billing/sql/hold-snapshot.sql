SELECT k.user_id, k.platform, u.id IS NOT NULL AS user_exists, q.daily_limit_usd, q.daily_usage_usd, q.daily_window_start, q.weekly_limit_usd, q.weekly_usage_usd, q.weekly_window_start, q.monthly_limit_usd, q.monthly_usage_usd, q.monthly_window_start,
  q.id AS quota_id, q.xmin::text AS version, h.held_usd,
  NULL::bigint AS id, NULL AS request_id, NULL::numeric AS amount_usd, NULL AS state,
  NULL::timestamptz AS created_at, NULL::timestamptz AS expires_at
FROM unnest($1::bigint[], $2::text[]) AS k(user_id, platform)
LEFT JOIN LATERAL (SELECT id, deleted_at FROM users WHERE id = k.user_id LIMIT 1) u ON u.deleted_at IS NULL
LEFT JOIN LATERAL (
  SELECT q.*, q.xmin FROM user_platform_quotas q
  WHERE q.user_id = k.user_id AND q.platform = k.platform AND q.deleted_at IS NULL
  LIMIT 1
) q ON true
LEFT JOIN LATERAL (
  SELECT COALESCE(sum(h.amount_usd) FILTER (WHERE h.expires_at > $3), 0) AS held_usd FROM quota_holds h
  WHERE h.user_id = k.user_id AND h.platform = k.platform AND h.state = 'held'
) h ON true
UNION ALL
SELECT user_id, platform, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, id, request_id, amount_usd, state, created_at, expires_at
FROM quota_holds WHERE request_id = ANY($4::text[])
UNION ALL
SELECT user_id, platform, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  NULL, NULL, NULL, NULL, request_id, cost_usd, 'charged', charged_at, NULL
FROM quota_charges WHERE request_id = ANY($4::text[])
