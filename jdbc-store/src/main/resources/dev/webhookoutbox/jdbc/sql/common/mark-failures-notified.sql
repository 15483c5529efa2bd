UPDATE webhook_delivery
   SET failure_notified_at = :now, lease_owner = NULL, lease_until = NULL
 WHERE id IN (<ids>) AND status = 'FAILED' AND lease_owner = :runnerId
