SELECT id, url, event_type, subject, payload, attempt_count, last_status_code, last_error,
       created_at, completed_at
  FROM webhook_delivery
 WHERE id IN (<ids>) AND lease_owner = :runnerId
 ORDER BY completed_at
