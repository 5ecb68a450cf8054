WITH unchanged AS (
  SELECT row.id
  FROM unnest($1::bigint[], $2::xid[]) WITH ORDINALITY AS c(quota_id, version, n)
  JOIN LATERAL (
    SELECT q.id FROM user_platform_quotas q
    WHERE q.id = c.quota_id AND q.xmin = c.version
    FOR NO KEY UPDATE
  ) row ON true
),
touched AS (
  UPDATE user_platform_quotas q SET updated_at = q.updated_at
  FROM unchanged c WHERE q.id = ANY($1::bigint[]) AND q.id = c.id
  RETURNING q.id
),
inserted AS (
  INSERT INTO quota_holds (request_id, user_id, platform, amount_usd, created_at, expires_at)
  SELECT g.request_id, g.user_id, g.platform, g.amount, $8, $9
  FROM unnest($3::text[], $4::bigint[], $5::text[],
    $6::numeric[], $7::bigint[]) AS g(request_id, user_id, platform, amount, quota_id)
  WHERE g.quota_id IS NULL OR g.quota_id IN (SELECT id FROM touched)
  ON CONFLICT (request_id) DO NOTHING
  RETURNING id, request_id
)
SELECT id, request_id, NULL::bigint AS conflicted_quota_id FROM inserted
UNION ALL
SELECT NULL, NULL, c.quota_id
FROM unnest($1::bigint[]) AS c(quota_id)
WHERE c.quota_id NOT IN (SELECT id FROM touched)
