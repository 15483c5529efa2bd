-- See postgresql/release-expired-leases: makes the locked rows due again and counts the lost claim
-- in lost_leases; a row whose claims ended this way :maxLostLeases times in a row is failed for
-- good as POISONED. MariaDB and MySQL assign left to right, each expression seeing the columns
-- assigned before it: every expression reads lost_leases and next_attempt_at before they change.
UPDATE webhook_delivery
   SET status = CASE WHEN lost_leases + 1 >= :maxLostLeases THEN 'FAILED' ELSE 'PENDING' END,
       failure_kind = CASE WHEN lost_leases + 1 >= :maxLostLeases THEN 'POISONED' END,
       last_error =
           CASE WHEN lost_leases + 1 >= :maxLostLeases
                THEN concat('POISONED: ', lost_leases + 1,
                            ' claims in a row ended without an attempt outcome: each runner',
                            ' holding it died or hung past its lease')
                ELSE last_error END,
       completed_at = CASE WHEN lost_leases + 1 >= :maxLostLeases THEN :now END,
       next_attempt_at = CASE WHEN lost_leases + 1 >= :maxLostLeases
                              THEN next_attempt_at ELSE :now END,
       lost_leases = lost_leases + 1,
       lease_owner = NULL, lease_until = NULL, updated_at = :now
 WHERE id IN (<ids>) AND status = 'IN_FLIGHT'
