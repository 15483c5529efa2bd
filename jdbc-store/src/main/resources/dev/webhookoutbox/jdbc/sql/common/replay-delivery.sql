-- Sends a final delivery again under its original id (webhook-id). Its retry schedule starts over
-- from the replay; attempt numbers continue. A failure after the replay notifies the listener again.
UPDATE webhook_delivery
   SET status = 'PENDING', next_attempt_at = :now, replayed_at = :now,
       attempts_before_replay = attempt_count, lease_owner = NULL, lease_until = NULL,
       completed_at = NULL, failure_notified_at = NULL, updated_at = :now
 WHERE id = :id AND status IN ('DELIVERED', 'FAILED', 'SUPERSEDED')
