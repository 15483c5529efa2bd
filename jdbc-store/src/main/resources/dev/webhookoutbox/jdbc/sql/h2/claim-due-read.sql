SELECT id, url, event_type, subject, payload, signing_secrets, extra_headers, attempt_count,
       created_at, event_kind, retry_preset
  FROM webhook_delivery
 WHERE id IN (<ids>) AND status = 'IN_FLIGHT' AND lease_owner = :runnerId
 ORDER BY next_attempt_at
