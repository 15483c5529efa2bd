SELECT id, subject, event_type, url, url_origin, status, attempt_count, created_at,
       next_attempt_at, completed_at, last_status_code, last_error, last_attempt_at,
       last_duration_ms
  FROM webhook_delivery_overview
 WHERE id = :id
