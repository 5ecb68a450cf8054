WITH released AS (
  UPDATE quota_holds SET state = 'released', finished_at = $2
  WHERE request_id = ANY($1::text[]) AND state IN ('held', 'expired')
  RETURNING id
)
SELECT h.id, h.request_id, h.user_id, h.platform, h.amount_usd,
  CASE WHEN x.id IS NULL THEN h.state ELSE 'released' END AS state, h.created_at, h.expires_at,
  x.id IS NOT NULL AS released_now
FROM quota_holds h LEFT JOIN released x ON x.id = h.id
WHERE h.request_id = ANY($1::text[])
