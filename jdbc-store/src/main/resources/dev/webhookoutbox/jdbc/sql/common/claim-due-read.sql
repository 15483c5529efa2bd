SELECT d.id, d.url, d.event_type, d.subject, d.payload, d.signing_secrets, d.extra_headers,
       d.attempt_count, d.created_at, d.event_kind, d.retry_preset,
       EXISTS (SELECT 1 FROM webhook_delivery x WHERE x.subject = d.subject AND x.id <> d.id)
         AS has_neighbours
  FROM webhook_delivery d
 WHERE d.id IN (<ids>) AND d.status = 'IN_FLIGHT' AND d.lease_owner = :runnerId
 ORDER BY d.next_attempt_at
