-- Newest deliveries first (UUIDv7 ids sort by creation), optionally filtered. NULL filters match
-- everything; the status POISONED matches the failed deliveries of that failure kind (read from
-- the table by primary key: the overview view keeps the columns V3 gave it).
SELECT o.id, o.subject, o.event_type, o.url, o.url_origin, o.status, o.attempt_count,
       o.created_at, o.next_attempt_at, o.completed_at, o.last_status_code, o.last_error,
       o.last_attempt_at, o.last_duration_ms
  FROM webhook_delivery_overview o
 WHERE (CAST(:status AS char(16)) IS NULL OR o.status = :status
        OR (o.status = 'FAILED'
            AND EXISTS (SELECT 1 FROM webhook_delivery d
                         WHERE d.id = o.id AND d.failure_kind = :status)))
   AND (CAST(:origin AS char(2048)) IS NULL OR o.url_origin = :origin)
   AND (CAST(:subject AS char(200)) IS NULL OR o.subject = :subject)
 ORDER BY o.id DESC
 LIMIT :limit
