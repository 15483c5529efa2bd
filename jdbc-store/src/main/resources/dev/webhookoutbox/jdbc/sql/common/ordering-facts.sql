-- For claimed deliveries whose subject has other deliveries to the same URL: the newer one already
-- delivered, whether an older one is in flight, and when the older pending ones are due; for an
-- intermediate update also a newer update in flight and when the subject's latest intermediate
-- attempt started (the throttle window counts from it). Claimed deliveries alone in their subject
-- are filtered out first, at one index probe each. Every subquery is a range of
-- webhook_delivery_subject_idx (subject, status, created_at), but the last one, which reads the
-- newest entry of webhook_delivery_throttle_idx. Used on H2; PostgreSQL has its own form taking
-- arrays (postgresql/ordering-facts.sql).
SELECT c.id, c.strict_order,
       (SELECT n.id FROM webhook_delivery n
         WHERE n.subject = c.subject AND n.status = 'DELIVERED' AND n.created_at > c.created_at
           AND n.url = c.url
         ORDER BY n.created_at DESC
         FETCH FIRST 1 ROW ONLY) AS newer_delivered_id,
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
         FETCH FIRST 1 ROW ONLY) END AS newer_intermediate_in_flight_id,
       CASE WHEN c.event_kind = 'INTERMEDIATE' THEN
       (SELECT t.last_attempt_started_at FROM webhook_delivery t
         WHERE t.subject = c.subject AND t.event_kind = 'INTERMEDIATE'
           AND t.last_attempt_started_at IS NOT NULL AND t.url = c.url
         ORDER BY t.last_attempt_started_at DESC
         FETCH FIRST 1 ROW ONLY) END AS last_intermediate_attempt_at
  FROM webhook_delivery c
 WHERE c.id IN (<ids>)
   AND EXISTS (SELECT 1 FROM webhook_delivery x WHERE x.subject = c.subject AND x.id <> c.id)
