-- Makes the failed deliveries of one subject (e.g. a prediction id) due now: those that failed in
-- [:since, :until). See replay-failed for the columns.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, completed_at = NULL, updated_at = :now,
       lease_owner = NULL, lease_until = NULL, failure_notified_at = NULL, lost_leases = 0,
       failure_kind = NULL
 WHERE status = 'FAILED' AND subject = :subject
   AND completed_at >= :since AND completed_at < :until
