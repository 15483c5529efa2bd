UPDATE webhook_delivery
   SET status = 'PENDING', lease_owner = NULL, lease_until = NULL, next_attempt_at = :now,
       updated_at = :now
 WHERE status = 'IN_FLIGHT' AND lease_until < :now
