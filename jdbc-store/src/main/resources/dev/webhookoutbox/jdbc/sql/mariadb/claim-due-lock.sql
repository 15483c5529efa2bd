-- common/claim-due-lock with its index named, for the reason PostgreSQL has plan-index-lookups: a
-- queue's statistics are stale within seconds, and any other index that leads with status would
-- read every pending row and sort them. This one is read in due order and stops at the LIMIT.
-- Runs at READ COMMITTED (mariadb/claim-isolation.sql): it locks the rows it returns, no gaps.
SELECT id FROM webhook_delivery FORCE INDEX (webhook_delivery_due_idx)
 WHERE status = 'PENDING' AND next_attempt_at <= :now
 ORDER BY next_attempt_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
