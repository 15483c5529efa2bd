-- H2 cannot lock inside an UPDATE's subquery: the ids are locked first, in the same transaction.
SELECT id FROM webhook_delivery
 WHERE status = 'PENDING' AND next_attempt_at <= :now
 ORDER BY next_attempt_at
 LIMIT :limit
   FOR UPDATE SKIP LOCKED
