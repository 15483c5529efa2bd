-- The attempt rows of a batch in one multi-row INSERT (see record-outcome.sql for why not a JDBC
-- batch). The part in {{ }} is repeated once per further row.
INSERT INTO webhook_attempt
       (delivery_id, attempt_number, started_at, duration_ms, status_code, outcome, error_kind,
        error_message, response_excerpt, runner_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?){{, (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)}}
