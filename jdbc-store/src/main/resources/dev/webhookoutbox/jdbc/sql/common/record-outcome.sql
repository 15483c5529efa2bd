-- One delivery's new status; executed as a JDBC batch. For a final status, next_attempt_at keeps
-- the time of the last attempt.
-- Only the lease holder may set the outcome: if the lease expired and another runner took the
-- row, that runner's attempt decides, and this update matches nothing. An outcome ends the run of
-- lost claims that makes a delivery poisoned (release-expired-leases): lost_leases goes back to 0.
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
       lost_leases = 0,
       updated_at = ?,
       completed_at = ?
 WHERE id = ? AND status = 'IN_FLIGHT' AND lease_owner = ?
