-- One runner's report about an origin; executed as a batch, in the order the reports were made.
-- A failure starts the failing period unless one runs or a later success is already recorded; a
-- success ends a failing period that started before it. Reports from several runners may arrive
-- out of order: every column only moves forward in time. As postgresql/record-endpoint-health,
-- but MariaDB and MySQL assign left to right, each expression seeing the columns assigned before
-- it: so each column is assigned after every expression that reads its old value.
-- VALUES(column) is the reported value (MySQL 8 deprecates it in favour of a row alias, which
-- MariaDB lacks); GREATEST is spelled out since it returns NULL when one side is NULL.
INSERT INTO webhook_endpoint
       (origin, failing_since, last_failure_at, last_success_at, last_error, updated_at)
VALUES (:origin, :failureAt, :failureAt, :successAt, :error, :now)
ON DUPLICATE KEY UPDATE
    failing_since = CASE
        WHEN VALUES(last_success_at) IS NOT NULL THEN
            CASE WHEN failing_since <= VALUES(last_success_at) THEN NULL ELSE failing_since END
        WHEN failing_since IS NOT NULL THEN failing_since
        WHEN last_success_at IS NULL OR last_success_at <= VALUES(last_failure_at)
            THEN VALUES(last_failure_at)
        ELSE NULL
    END,
    last_error = CASE
        WHEN VALUES(last_failure_at) IS NOT NULL
         AND (last_failure_at IS NULL OR VALUES(last_failure_at) >= last_failure_at)
            THEN VALUES(last_error)
        ELSE last_error
    END,
    last_failure_at = CASE
        WHEN last_failure_at IS NULL OR VALUES(last_failure_at) > last_failure_at
            THEN coalesce(VALUES(last_failure_at), last_failure_at)
        ELSE last_failure_at
    END,
    last_success_at = CASE
        WHEN last_success_at IS NULL OR VALUES(last_success_at) > last_success_at
            THEN coalesce(VALUES(last_success_at), last_success_at)
        ELSE last_success_at
    END,
    updated_at = VALUES(updated_at)
