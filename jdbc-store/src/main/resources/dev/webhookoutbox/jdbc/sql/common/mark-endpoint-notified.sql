UPDATE webhook_endpoint
   SET notified_disabled_at = disabled_at, notify_lease_until = NULL
 WHERE origin = :origin AND disabled_at = :disabledAt
