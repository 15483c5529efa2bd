-- MariaDB and MySQL form of release-expired-leases, which have no UPDATE ... RETURNING: the
-- IN_FLIGHT rows whose lease ended are locked first, with the count of claims each lost so far,
-- then released by release-expired-leases-mark, in one transaction at READ COMMITTED. SKIP LOCKED
-- leaves a row whose outcome is being written right now to that writer.
SELECT id, lost_leases FROM webhook_delivery FORCE INDEX (webhook_delivery_leased_idx)
 WHERE lease_until < :now AND status = 'IN_FLIGHT'
   FOR UPDATE SKIP LOCKED
