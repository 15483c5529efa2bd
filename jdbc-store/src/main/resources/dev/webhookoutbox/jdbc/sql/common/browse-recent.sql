-- Newest deliveries first (UUIDv7 ids sort by creation), optionally filtered. NULL filters match
-- everything; the status POISONED matches the failed deliveries of that failure kind.
SELECT id, subject, event_type, url, url_origin, status, attempt_count, created_at,
       next_attempt_at, completed_at, last_status_code, last_error, last_attempt_at,
       last_duration_ms
  FROM webhook_delivery_overview
 WHERE (CAST(:status AS varchar(16)) IS NULL OR status = :status
        OR (status = 'FAILED' AND failure_kind = :status))
   AND (CAST(:origin AS varchar(2048)) IS NULL OR url_origin = :origin)
   AND (CAST(:subject AS varchar(200)) IS NULL OR subject = :subject)
 ORDER BY id DESC
 LIMIT :limit
