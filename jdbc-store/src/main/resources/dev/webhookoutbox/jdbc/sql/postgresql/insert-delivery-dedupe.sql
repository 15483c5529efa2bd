-- insert-delivery for a request with a dedupe key: a duplicate key writes nothing and, unlike a
-- unique violation, leaves the host's transaction usable. The caller then reads the first id.
INSERT INTO webhook_delivery
       (id, event_type, subject, url, payload, signing_secrets, extra_headers, status, attempt_count,
        next_attempt_at, dedupe_key, created_at, updated_at, event_kind, retry_preset, strict_order)
VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
