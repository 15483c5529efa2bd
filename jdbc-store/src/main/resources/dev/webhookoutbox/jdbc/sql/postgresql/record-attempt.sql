-- All attempt rows of a batch in one statement: one array parameter per column, so PostgreSQL
-- parses, plans and executes once per batch instead of once per row.
-- Parameters: runner_id, then the arrays in the order of the unnest list.
INSERT INTO webhook_attempt
       (delivery_id, attempt_number, started_at, duration_ms, status_code, outcome, error_kind,
        error_message, response_excerpt, runner_id)
SELECT u.delivery_id::uuid, u.attempt_number, u.started_at::timestamptz, u.duration_ms,
       u.status_code, u.outcome, u.error_kind, u.error_message, u.response_excerpt, ?
  FROM unnest(?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[],
              ?::text[])
       AS u(delivery_id, attempt_number, started_at, duration_ms, status_code, outcome,
            error_kind, error_message, response_excerpt)
