-- See postgresql/claim-unnotified-failures: H2 locks the ids first, in the same transaction.
SELECT id FROM webhook_delivery
 WHERE status = 'FAILED' AND failure_notified_at IS NULL AND completed_at >= :failedSince
   AND (lease_until IS NULL OR lease_until < :now)
 ORDER BY completed_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
