-- All status updates of a batch in one statement (see record-attempt.sql). Only the lease holder
-- may set the outcome: rows whose lease another runner took are not matched. An outcome ends the
-- run of lost claims that makes a delivery poisoned: lost_leases goes back to 0.
-- Parameters: updated_at, the arrays in the order of the unnest list, lease_owner.
UPDATE webhook_delivery d
   SET status = u.status,
       attempt_count = u.attempt_number,
       next_attempt_at = u.next_attempt_at::timestamptz,
       last_attempt_started_at = u.started_at::timestamptz,
       last_status_code = u.status_code,
       last_error = u.last_error,
       lease_owner = NULL,
       lease_until = NULL,
       lost_leases = 0,
       updated_at = ?,
       completed_at = u.completed_at::timestamptz
  FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::int[], ?::text[],
              ?::text[])
       AS u(id, status, attempt_number, next_attempt_at, started_at, status_code, last_error,
            completed_at)
 WHERE d.id = u.id::uuid AND d.status = 'IN_FLIGHT' AND d.lease_owner = ?
