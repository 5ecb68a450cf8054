WITH marked AS (
  UPDATE quota_holds SET state = 'expired', finished_at = expires_at
  WHERE state = 'held' AND expires_at <= $1 AND expires_at >= $2
  RETURNING platform
),
deleted AS (
  DELETE FROM quota_holds WHERE expires_at < $2
  RETURNING platform, state
)
SELECT platform, count(*)::int AS expired
FROM (SELECT platform FROM marked UNION ALL SELECT platform FROM deleted WHERE state = 'held') e
GROUP BY platform
