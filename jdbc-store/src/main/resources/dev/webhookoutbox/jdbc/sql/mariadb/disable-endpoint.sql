-- Disables an origin by hand, known to the runners or not; an already disabled one is left alone.
-- The assignments read the columns left to right, so disabled_at, which the others test, goes last.
INSERT INTO webhook_endpoint (origin, disabled_at, disabled_reason, updated_at)
VALUES (:origin, :now, :reason, :now)
ON DUPLICATE KEY UPDATE
    disabled_reason = IF(disabled_at IS NULL, VALUES(disabled_reason), disabled_reason),
    updated_at = IF(disabled_at IS NULL, VALUES(updated_at), updated_at),
    disabled_at = IF(disabled_at IS NULL, VALUES(disabled_at), disabled_at)
