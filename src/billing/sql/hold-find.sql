SELECT id, request_id, user_id, platform, amount_usd, state, created_at, expires_at FROM quota_holds WHERE request_id = ANY($1::text[])
