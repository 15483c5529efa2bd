SELECT attempt_number, started_at, duration_ms, status_code, outcome, error_kind, error_message,
       response_excerpt, runner_id
  FROM webhook_attempt
 WHERE delivery_id = :id
 ORDER BY attempt_number, id
