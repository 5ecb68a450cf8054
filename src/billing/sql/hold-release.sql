WITH released AS (
  UPDATE quota_holds SET state = 'released', finished_at = $2
  WHERE request_id = ANY($1::text[]) AND state IN ('held', 'expired')
  RETURNING id
)
SELECT id, request_id, user_id, platform, amount_usd,
  CASE WHEN released_now THEN 'released' ELSE state END AS state, created_at, expires_at, released_now
FROM (
  SELECT h.*, h.id IN (SELECT id FROM released) AS released_now
  FROM quota_holds h WHERE h.request_id = ANY($1::text[])
) h
