-- The library's re-enable; the same as the admin SQL in docs/admin-sql.md.
UPDATE webhook_endpoint
   SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL,
       notify_lease_until = NULL, updated_at = :now
 WHERE origin = :origin AND disabled_at IS NOT NULL
