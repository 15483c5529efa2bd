-- A claimed delivery given back without an attempt: held back (PENDING, due later) or SUPERSEDED.
-- The attempt count is unchanged; last_error is only set for a supersession (with its reason).
UPDATE webhook_delivery
   SET status = :status,
       next_attempt_at = :nextAttemptAt,
       last_error = COALESCE(:reason, last_error),
       lease_owner = NULL,
       lease_until = NULL,
       updated_at = :now,
       completed_at = :completedAt
 WHERE id = :deliveryId AND status = 'IN_FLIGHT' AND lease_owner = :runnerId
