-- Disables one failing origin, only if nobody changed its failing period meanwhile: of several
-- runners checking at once, exactly one disables it.
UPDATE webhook_endpoint
   SET disabled_at = :now, disabled_reason = :reason, updated_at = :now
 WHERE origin = :origin AND disabled_at IS NULL AND failing_since = :failingSince
