-- See replay-delivery: every FAILED delivery to one URL that failed at or after :since.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, replayed_at = :now,
       attempts_before_replay = attempt_count, lease_owner = NULL, lease_until = NULL,
       completed_at = NULL, failure_notified_at = NULL, updated_at = :now
 WHERE status = 'FAILED' AND url = :url AND completed_at >= :since
