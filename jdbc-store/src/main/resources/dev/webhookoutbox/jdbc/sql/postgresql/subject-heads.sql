-- The newest delivery (by created_at) of each (subject, url) pair, for the throttling of
-- intermediate updates at enqueue. One backward index probe per status keeps it cheap for subjects
-- with thousands of deliveries; the pairs come as two parallel arrays.
SELECT k.subject, k.url, h.id, h.status, h.attempt_count, h.event_kind, h.updated_at,
       h.last_attempt_started_at
  FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS k (subject, url)
 CROSS JOIN LATERAL (
       SELECT c.id, c.status, c.attempt_count, c.event_kind, c.updated_at,
              c.last_attempt_started_at
         FROM ((SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                       last_attempt_started_at
                  FROM webhook_delivery
                 WHERE subject = k.subject AND status = 'PENDING' AND url = k.url
                 ORDER BY created_at DESC LIMIT 1)
               UNION ALL
               (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                       last_attempt_started_at
                  FROM webhook_delivery
                 WHERE subject = k.subject AND status = 'IN_FLIGHT' AND url = k.url
                 ORDER BY created_at DESC LIMIT 1)
               UNION ALL
               (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                       last_attempt_started_at
                  FROM webhook_delivery
                 WHERE subject = k.subject AND status = 'DELIVERED' AND url = k.url
                 ORDER BY created_at DESC LIMIT 1)
               UNION ALL
               (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                       last_attempt_started_at
                  FROM webhook_delivery
                 WHERE subject = k.subject AND status = 'FAILED' AND url = k.url
                 ORDER BY created_at DESC LIMIT 1)
               UNION ALL
               (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                       last_attempt_started_at
                  FROM webhook_delivery
                 WHERE subject = k.subject AND status = 'SUPERSEDED' AND url = k.url
                 ORDER BY created_at DESC LIMIT 1)) c
        ORDER BY c.created_at DESC
        LIMIT 1) h
