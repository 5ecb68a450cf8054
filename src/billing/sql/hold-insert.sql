INSERT INTO quota_holds (request_id, user_id, platform, amount_usd, created_at, expires_at)
SELECT g.request_id, g.user_id, g.platform, g.amount, $5, $6
FROM unnest($1::text[], $2::bigint[], $3::text[], $4::numeric[])
  AS g(request_id, user_id, platform, amount)
ON CONFLICT (request_id) DO NOTHING
RETURNING id, request_id, user_id, platform, amount_usd, state, created_at, expires_at
