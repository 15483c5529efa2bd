-- For claimed deliveries whose subject has other deliveries: see common/ordering-facts. The
-- claimed ids and subjects come as two arrays. The neighbour check is a per-row subplan of a
-- materialized CTE, so it stays one index probe per claimed row whatever the planner estimates
-- for the arrays; only rows that have neighbours are read and checked in detail.
WITH claimed AS MATERIALIZED (
  SELECT k.id,
         EXISTS (SELECT 1 FROM webhook_delivery x
                  WHERE x.subject = k.subject AND x.id <> k.id) AS has_neighbours
    FROM unnest(CAST(:ids AS uuid[]), CAST(:subjects AS text[])) AS k (id, subject)
)
SELECT c.id, c.strict_order,
       (SELECT n.id FROM webhook_delivery n
         WHERE n.subject = c.subject AND n.status = 'DELIVERED' AND n.created_at > c.created_at
           AND n.url = c.url
         ORDER BY n.created_at DESC
         LIMIT 1) AS newer_delivered_id,
       EXISTS (SELECT 1 FROM webhook_delivery o
                WHERE o.subject = c.subject AND o.status = 'IN_FLIGHT'
                  AND o.created_at < c.created_at AND o.url = c.url) AS older_in_flight,
       (SELECT MIN(o.next_attempt_at) FROM webhook_delivery o
         WHERE o.subject = c.subject AND o.status = 'PENDING' AND o.created_at < c.created_at
           AND o.url = c.url AND o.attempt_count = 0) AS older_first_attempt_due_at,
       (SELECT MIN(o.next_attempt_at) FROM webhook_delivery o
         WHERE o.subject = c.subject AND o.status = 'PENDING' AND o.created_at < c.created_at
           AND o.url = c.url) AS older_pending_due_at,
       -- Intermediate updates only: a newer update in flight, which supersedes this one, and the
       -- start of the subject's latest intermediate attempt, where the throttle window begins.
       CASE WHEN c.event_kind = 'INTERMEDIATE' THEN
       (SELECT n.id FROM webhook_delivery n
         WHERE n.subject = c.subject AND n.status = 'IN_FLIGHT' AND n.created_at > c.created_at
           AND n.url = c.url AND n.event_kind = 'INTERMEDIATE'
         ORDER BY n.created_at DESC
         LIMIT 1) END AS newer_intermediate_in_flight_id,
       CASE WHEN c.event_kind = 'INTERMEDIATE' THEN
       (SELECT t.last_attempt_started_at FROM webhook_delivery t
         WHERE t.subject = c.subject AND t.event_kind = 'INTERMEDIATE'
           AND t.last_attempt_started_at IS NOT NULL AND t.url = c.url
         ORDER BY t.last_attempt_started_at DESC
         LIMIT 1) END AS last_intermediate_attempt_at
  FROM claimed k
 CROSS JOIN LATERAL (SELECT * FROM webhook_delivery d WHERE d.id = k.id) c
 WHERE k.has_neighbours
