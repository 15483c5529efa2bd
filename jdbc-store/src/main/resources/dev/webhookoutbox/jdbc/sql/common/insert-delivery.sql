INSERT INTO webhook_delivery
       (id, event_type, subject, url, payload, signing_secrets, extra_headers, status, attempt_count,
        next_attempt_at, dedupe_key, created_at, updated_at, event_kind, retry_preset, strict_order)
VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?)
