UPDATE webhook_delivery
   SET lease_owner = :runnerId, lease_until = :leaseUntil
 WHERE id IN (<ids>) AND status = 'FAILED' AND failure_notified_at IS NULL
