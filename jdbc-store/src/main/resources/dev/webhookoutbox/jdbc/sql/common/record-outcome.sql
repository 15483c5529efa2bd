-- One delivery's new status; executed as a JDBC batch. For a final status, next_attempt_at keeps
-- the time of the last attempt.
-- Only the lease holder may set the outcome: if the lease expired and another runner took the
-- row, that runner's attempt decides, and this update matches nothing.
-- last_attempt_started_at is what the throttle window of the subject's next update counts from.
-- Parameters: status, attempt_count, next_attempt_at, last_attempt_started_at, last_status_code,
-- last_error, updated_at, completed_at, id, lease_owner.
UPDATE webhook_delivery
   SET status = ?,
       attempt_count = ?,
       next_attempt_at = ?,
       last_attempt_started_at = ?,
       last_status_code = ?,
       last_error = ?,
       lease_owner = NULL,
       lease_until = NULL,
       updated_at = ?,
       completed_at = ?
 WHERE id = ? AND status = 'IN_FLIGHT' AND lease_owner = ?
