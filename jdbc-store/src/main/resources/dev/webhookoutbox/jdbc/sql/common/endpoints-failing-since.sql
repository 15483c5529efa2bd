-- Enabled origins failing since before the cutoff: candidates to disable.
SELECT origin, failing_since, last_failure_at, last_error
  FROM webhook_endpoint
 WHERE failing_since <= :cutoff AND disabled_at IS NULL
