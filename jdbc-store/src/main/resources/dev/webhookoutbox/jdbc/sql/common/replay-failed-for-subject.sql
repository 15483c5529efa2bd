-- See replay-delivery: every FAILED delivery of one subject that failed at or after :since.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, replayed_at = :now,
       attempts_before_replay = attempt_count, lease_owner = NULL, lease_until = NULL,
       completed_at = NULL, failure_notified_at = NULL, updated_at = :now
 WHERE status = 'FAILED' AND subject = :subject AND completed_at >= :since
