WITH granted AS (
  SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::numeric[])
    AS g(request_id, user_id, platform, amount)
),
touched AS (
  UPDATE user_platform_quotas q SET updated_at = q.updated_at
  FROM (SELECT DISTINCT user_id, platform FROM granted) p
  WHERE q.user_id = ANY($2::bigint[])
    AND q.user_id = p.user_id AND q.platform = p.platform AND q.deleted_at IS NULL
)
INSERT INTO quota_holds (request_id, user_id, platform, amount_usd, created_at, expires_at)
SELECT g.request_id, g.user_id, g.platform, g.amount, $5, $6
FROM granted g
ON CONFLICT (request_id) DO NOTHING
RETURNING id, request_id
