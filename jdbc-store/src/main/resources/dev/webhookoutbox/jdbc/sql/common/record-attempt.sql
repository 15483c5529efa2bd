INSERT INTO webhook_attempt
       (delivery_id, attempt_number, started_at, duration_ms, status_code, outcome, error_kind,
        error_message, response_excerpt, runner_id)
VALUES (:deliveryId, :attemptNumber, :startedAt, :durationMs, :statusCode, :outcome, :errorKind,
        :errorMessage, :responseExcerpt, :runnerId)
