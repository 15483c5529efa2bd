-- Makes IN_FLIGHT rows whose lease ended (their runner died or hangs) due again, and counts the
-- lost claim in lost_leases; recording an attempt outcome sets the count back to 0. A row whose
-- claims ended this way :maxLostLeases times in a row is what kills or stalls its runners: it is
-- failed for good as POISONED instead of being claimed forever. completed_at lets the failure
-- listener find it. Every SET expression reads the row as it was (lost_leases before the + 1).
-- Returns the id and new status of each row, for the log.
UPDATE webhook_delivery
   SET status = CASE WHEN lost_leases + 1 >= :maxLostLeases THEN 'FAILED' ELSE 'PENDING' END,
       failure_kind = CASE WHEN lost_leases + 1 >= :maxLostLeases THEN 'POISONED' END,
       last_error =
           CASE WHEN lost_leases + 1 >= :maxLostLeases
                THEN 'POISONED: ' || CAST(lost_leases + 1 AS varchar(10))
                     || ' claims in a row ended without an attempt outcome: each runner holding it'
                     || ' died or hung past its lease'
                ELSE last_error END,
       completed_at =
           CASE WHEN lost_leases + 1 >= :maxLostLeases
                THEN CAST(:now AS timestamp with time zone) END,
       next_attempt_at =
           CASE WHEN lost_leases + 1 >= :maxLostLeases
                THEN next_attempt_at ELSE CAST(:now AS timestamp with time zone) END,
       lost_leases = lost_leases + 1,
       lease_owner = NULL, lease_until = NULL, updated_at = :now
 WHERE status = 'IN_FLIGHT' AND lease_until < :now
RETURNING id, status
