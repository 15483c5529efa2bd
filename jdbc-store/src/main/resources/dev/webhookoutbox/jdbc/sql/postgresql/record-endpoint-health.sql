-- One runner's report about an origin; executed as a batch, in the order the reports were made.
-- A failure starts the failing period unless one runs or a later success is already recorded; a
-- success ends a failing period that started before it. Reports from several runners may arrive
-- out of order: every column only moves forward in time.
INSERT INTO webhook_endpoint AS e
       (origin, failing_since, last_failure_at, last_success_at, last_error, updated_at)
VALUES (:origin, :failureAt, :failureAt, :successAt, :error, :now)
ON CONFLICT (origin) DO UPDATE SET
    failing_since = CASE
        WHEN EXCLUDED.last_success_at IS NOT NULL THEN
            CASE WHEN e.failing_since <= EXCLUDED.last_success_at THEN NULL
                 ELSE e.failing_since END
        WHEN e.failing_since IS NOT NULL THEN e.failing_since
        WHEN e.last_success_at IS NULL OR e.last_success_at <= EXCLUDED.last_failure_at
            THEN EXCLUDED.last_failure_at
        ELSE NULL
    END,
    last_failure_at = greatest(e.last_failure_at, EXCLUDED.last_failure_at),
    last_error = CASE
        WHEN EXCLUDED.last_failure_at IS NOT NULL
         AND (e.last_failure_at IS NULL OR EXCLUDED.last_failure_at >= e.last_failure_at)
            THEN EXCLUDED.last_error
        ELSE e.last_error
    END,
    last_success_at = greatest(e.last_success_at, EXCLUDED.last_success_at),
    updated_at = EXCLUDED.updated_at
