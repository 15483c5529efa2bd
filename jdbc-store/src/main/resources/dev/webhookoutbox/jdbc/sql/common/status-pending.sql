-- Pending deliveries: how many, how many are due, the oldest due time. Reads only the index of
-- due rows (one query per status: `status IN (...)` would make PostgreSQL scan the table).
SELECT count(*) AS deliveries,
       sum(CASE WHEN next_attempt_at <= :now THEN 1 ELSE 0 END) AS due,
       min(next_attempt_at) AS oldest_due_at
  FROM webhook_delivery
 WHERE status = 'PENDING'
