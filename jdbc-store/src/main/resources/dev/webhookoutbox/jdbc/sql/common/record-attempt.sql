-- One attempt row; executed as a JDBC batch, one element per attempt. Parameters in column order.
INSERT INTO webhook_attempt
       (delivery_id, attempt_number, started_at, duration_ms, status_code, outcome, error_kind,
        error_message, response_excerpt, runner_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
