-- The newest delivery (by created_at) of one (subject, url) pair: see postgresql/subject-heads.
-- Parameters: subject and url, five times.
SELECT id, status, attempt_count, event_kind, updated_at, last_attempt_started_at
  FROM ((SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                last_attempt_started_at
           FROM webhook_delivery
          WHERE subject = ? AND status = 'PENDING' AND url = ?
          ORDER BY created_at DESC LIMIT 1)
        UNION ALL
        (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                last_attempt_started_at
           FROM webhook_delivery
          WHERE subject = ? AND status = 'IN_FLIGHT' AND url = ?
          ORDER BY created_at DESC LIMIT 1)
        UNION ALL
        (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                last_attempt_started_at
           FROM webhook_delivery
          WHERE subject = ? AND status = 'DELIVERED' AND url = ?
          ORDER BY created_at DESC LIMIT 1)
        UNION ALL
        (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                last_attempt_started_at
           FROM webhook_delivery
          WHERE subject = ? AND status = 'FAILED' AND url = ?
          ORDER BY created_at DESC LIMIT 1)
        UNION ALL
        (SELECT id, status, attempt_count, event_kind, created_at, updated_at,
                last_attempt_started_at
           FROM webhook_delivery
          WHERE subject = ? AND status = 'SUPERSEDED' AND url = ?
          ORDER BY created_at DESC LIMIT 1)) c
 ORDER BY created_at DESC
 LIMIT 1
