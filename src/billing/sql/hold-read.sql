SELECT NULL::bigint AS id, NULL AS request_id, k.user_id, k.platform, NULL::numeric AS amount_usd, NULL AS state,
  NULL::timestamptz AS created_at, NULL::timestamptz AS expires_at, h.held_usd
FROM unnest($1::bigint[], $2::text[]) AS k(user_id, platform)
LEFT JOIN LATERAL (
  SELECT COALESCE(sum(h.amount_usd) FILTER (WHERE h.expires_at > $3), 0) AS held_usd FROM quota_holds h
  WHERE h.user_id = k.user_id AND h.platform = k.platform AND h.state = 'held'
) h ON true
UNION ALL
SELECT id, request_id, user_id, platform, amount_usd, state, created_at, expires_at, NULL FROM quota_holds WHERE request_id = ANY($4::text[])
UNION ALL
SELECT NULL, request_id, user_id, platform, cost_usd, 'charged', charged_at, NULL, NULL
FROM quota_charges WHERE request_id = ANY($4::text[])
