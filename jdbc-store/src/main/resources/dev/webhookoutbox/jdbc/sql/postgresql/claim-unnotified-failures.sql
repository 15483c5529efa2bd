-- Leases FAILED deliveries whose failure listener has not returned yet (failure_notified_at NULL)
-- to one runner while it calls the listener; lease_owner/lease_until are free on final rows. A
-- lease that ran out (listener threw, runner died) makes the row claimable again.
UPDATE webhook_delivery
   SET lease_owner = :runnerId, lease_until = :leaseUntil
 WHERE id = ANY(ARRAY(
        SELECT id FROM webhook_delivery
         WHERE status = 'FAILED' AND failure_notified_at IS NULL AND completed_at >= :failedSince
           AND (lease_until IS NULL OR lease_until < :now)
         ORDER BY completed_at
         LIMIT :limit
           FOR UPDATE SKIP LOCKED))
RETURNING id, url, event_type, subject, payload, attempt_count, last_status_code, last_error,
       created_at, completed_at
