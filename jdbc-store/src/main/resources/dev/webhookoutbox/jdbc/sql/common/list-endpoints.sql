SELECT origin, failing_since, last_failure_at, last_success_at, last_error, disabled_at,
       disabled_reason, updated_at
  FROM webhook_endpoint
 ORDER BY origin
