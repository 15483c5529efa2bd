-- For a final status, next_attempt_at keeps the time of the last attempt.
-- Only the lease holder may set the outcome: if the lease expired and another runner took the
-- row, that runner's attempt decides, and this update matches nothing.
UPDATE webhook_delivery
   SET status = :status,
       attempt_count = :attemptNumber,
       next_attempt_at = :nextAttemptAt,
       last_status_code = :statusCode,
       last_error = :lastError,
       lease_owner = NULL,
       lease_until = NULL,
       updated_at = :now,
       completed_at = :completedAt
 WHERE id = :deliveryId AND status = 'IN_FLIGHT' AND lease_owner = :runnerId
