-- Unfinished deliveries per status: how many, how many are due, and the oldest due time.
SELECT status,
       count(*) AS deliveries,
       sum(CASE WHEN next_attempt_at <= :now THEN 1 ELSE 0 END) AS due,
       min(next_attempt_at) AS oldest_due_at
  FROM webhook_delivery
 WHERE status IN ('PENDING', 'IN_FLIGHT')
 GROUP BY status
