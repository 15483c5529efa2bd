-- Attempts go with their delivery (ON DELETE CASCADE). The status is checked again: a row replayed
-- since it was selected is kept.
DELETE FROM webhook_delivery WHERE id IN (<ids>) AND status = :status
