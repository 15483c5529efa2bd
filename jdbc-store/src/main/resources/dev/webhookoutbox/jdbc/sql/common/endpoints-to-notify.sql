-- Disablements the endpoint listener has not returned for, and that no runner is notifying now.
SELECT origin, failing_since, last_failure_at, last_error, disabled_at, disabled_reason
  FROM webhook_endpoint
 WHERE disabled_at IS NOT NULL
   AND (notified_disabled_at IS NULL OR notified_disabled_at <> disabled_at)
   AND (notify_lease_until IS NULL OR notify_lease_until < :now)
