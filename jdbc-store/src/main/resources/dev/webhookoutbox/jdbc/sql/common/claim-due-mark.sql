UPDATE webhook_delivery
   SET status = 'IN_FLIGHT', lease_owner = :runnerId, lease_until = :leaseUntil, updated_at = :now
 WHERE id IN (<ids>) AND status = 'PENDING'
