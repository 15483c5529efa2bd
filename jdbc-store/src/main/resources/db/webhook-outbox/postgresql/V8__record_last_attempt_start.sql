-- webhook-outbox schema version 8, PostgreSQL.
-- The start of each delivery's latest attempt, written by the statement that records the attempt.
-- Runners hold an intermediate update (output, logs) back until one throttle window after the
-- latest attempt of any intermediate delivery of its subject to the same URL started, whichever
-- runner made it: the window then holds between POSTs as the receiver sees them. Rows attempted
-- before this version have NULL here.
ALTER TABLE webhook_delivery ADD COLUMN IF NOT EXISTS last_attempt_started_at timestamptz;

-- A subject's intermediate deliveries by the start of their latest attempt: the runner reads the
-- newest entry (one backward index probe per claimed update). Only intermediate rows with a
-- subject that were attempted are indexed: other rows cost nothing here.
CREATE INDEX IF NOT EXISTS webhook_delivery_throttle_idx
    ON webhook_delivery (subject, last_attempt_started_at)
 WHERE event_kind = 'INTERMEDIATE' AND subject IS NOT NULL AND last_attempt_started_at IS NOT NULL;
