-- insert-delivery for a request with a dedupe key. A duplicate key raises no error, so nothing in
-- the host's stack (a pool, a proxy, a framework's exception translation) sees one, and the row
-- is left as it was (id = id changes nothing). Not INSERT IGNORE: that also turns truncated
-- values, NOT NULL and foreign-key violations into warnings. Only a unique-key conflict takes the
-- UPDATE branch, and with fresh UUIDv7 ids that is the dedupe key. Both drivers count a row found
-- this way as 1, like an insert, so the caller reads the id back (find-delivery-by-dedupe-key).
-- Same parameters in the same order as insert-delivery.
INSERT INTO webhook_delivery
       (id, event_type, subject, url, payload, signing_secrets, extra_headers, status, attempt_count,
        next_attempt_at, dedupe_key, created_at, updated_at, event_kind, retry_preset, strict_order)
VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?, ?, ?)
ON DUPLICATE KEY UPDATE id = id
