-- Disables an origin by hand, known to the runners or not; an already disabled one is left alone.
INSERT INTO webhook_endpoint AS e (origin, disabled_at, disabled_reason, updated_at)
VALUES (:origin, :now, :reason, :now)
ON CONFLICT (origin) DO UPDATE
   SET disabled_at = EXCLUDED.disabled_at, disabled_reason = EXCLUDED.disabled_reason,
       updated_at = EXCLUDED.updated_at
 WHERE e.disabled_at IS NULL
