-- Makes failed deliveries to exactly one URL due now: those that failed in [:since, :until). See
-- replay-failed for the columns; an origin can be shared by many customers' URLs.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, completed_at = NULL, updated_at = :now,
       lease_owner = NULL, lease_until = NULL, failure_notified_at = NULL, lost_leases = 0,
       failure_kind = NULL
 WHERE status = 'FAILED' AND url = :url
   AND completed_at >= :since AND completed_at < :until
