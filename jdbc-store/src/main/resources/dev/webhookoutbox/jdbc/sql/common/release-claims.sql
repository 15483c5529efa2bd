-- Gives claimed rows back without an attempt: at shutdown, or postponed while their endpoint is
-- busy or its circuit is open.
UPDATE webhook_delivery
   SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, next_attempt_at = :dueAt,
       updated_at = :now
 WHERE id IN (<ids>) AND status = 'IN_FLIGHT' AND lease_owner = :runnerId
