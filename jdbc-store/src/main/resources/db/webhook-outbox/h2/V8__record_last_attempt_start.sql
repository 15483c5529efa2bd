-- webhook-outbox schema version 8, H2 (2.x): see postgresql/V8__record_last_attempt_start.sql.
-- The start of each delivery's latest attempt; runners keep intermediate updates of one subject a
-- throttle window apart by it. H2 has no partial indexes: a plain one on the same lookup stands in.
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS last_attempt_started_at timestamp with time zone;

CREATE INDEX IF NOT EXISTS webhook_delivery_throttle_idx
    ON webhook_delivery (subject, event_kind, last_attempt_started_at);
