-- common/claim-unnotified-failures-lock with its index named: MariaDB prefers the index of all
-- failures by completed_at, which needs no sort but reads every notified failure of the window;
-- this one holds only the unnotified ones, in completed_at order as well.
SELECT id FROM webhook_delivery FORCE INDEX (webhook_delivery_unnotified_idx)
 WHERE status = 'FAILED' AND failure_notified_at IS NULL AND completed_at >= :failedSince
   AND (lease_until IS NULL OR lease_until < :now)
 ORDER BY completed_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
