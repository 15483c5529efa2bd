-- See postgresql/claim-unnotified-failures: H2, MariaDB and MySQL lock the ids first, in the same
-- transaction, as claim-due-lock does.
SELECT id FROM webhook_delivery
 WHERE status = 'FAILED' AND failure_notified_at IS NULL AND completed_at >= :failedSince
   AND (lease_until IS NULL OR lease_until < :now)
 ORDER BY completed_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
