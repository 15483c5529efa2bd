-- One runner's report about an origin; executed as a batch, in the order the reports were made.
-- A failure starts the failing period unless one runs or a later success is already recorded; a
-- success ends a failing period that started before it. Reports from several runners may arrive
-- out of order: every column only moves forward in time.
MERGE INTO webhook_endpoint e
USING (VALUES (CAST(:origin AS varchar(2048)),
               CAST(:failureAt AS timestamp with time zone),
               CAST(:successAt AS timestamp with time zone),
               CAST(:error AS varchar(2000)),
               CAST(:now AS timestamp with time zone)))
      AS r(origin, failure_at, success_at, error, now)
   ON e.origin = r.origin
 WHEN MATCHED THEN UPDATE SET
    failing_since = CASE
        WHEN r.success_at IS NOT NULL THEN
            CASE WHEN e.failing_since <= r.success_at THEN NULL ELSE e.failing_since END
        WHEN e.failing_since IS NOT NULL THEN e.failing_since
        WHEN e.last_success_at IS NULL OR e.last_success_at <= r.failure_at THEN r.failure_at
        ELSE NULL
    END,
    last_failure_at = CASE
        WHEN e.last_failure_at IS NULL OR r.failure_at > e.last_failure_at THEN
            coalesce(r.failure_at, e.last_failure_at)
        ELSE e.last_failure_at
    END,
    last_error = CASE
        WHEN r.failure_at IS NOT NULL
         AND (e.last_failure_at IS NULL OR r.failure_at >= e.last_failure_at) THEN r.error
        ELSE e.last_error
    END,
    last_success_at = CASE
        WHEN e.last_success_at IS NULL OR r.success_at > e.last_success_at THEN
            coalesce(r.success_at, e.last_success_at)
        ELSE e.last_success_at
    END,
    updated_at = r.now
 WHEN NOT MATCHED THEN
    INSERT (origin, failing_since, last_failure_at, last_success_at, last_error, updated_at)
    VALUES (r.origin, r.failure_at, r.failure_at, r.success_at, r.error, r.now)
