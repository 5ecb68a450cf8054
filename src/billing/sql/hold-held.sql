SELECT k.user_id, k.platform, h.held_usd
FROM unnest($1::bigint[], $2::text[]) AS k(user_id, platform)
LEFT JOIN LATERAL (
  SELECT COALESCE(sum(h.amount_usd), 0) AS held_usd FROM quota_holds h
  WHERE h.user_id = k.user_id AND h.platform = k.platform AND h.state = 'held' AND h.expires_at > $3
) h ON true
