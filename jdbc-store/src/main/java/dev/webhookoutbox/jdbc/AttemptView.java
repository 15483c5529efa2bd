package dev.webhookoutbox.jdbc;

import java.time.Instant;

/**
 * One row of {@code webhook_attempt}: one POST of a delivery.
 *
 * @param attemptNumber 1 for the first attempt
 * @param startedAt when the POST started
 * @param durationMs until the response was read or the error happened
 * @param statusCode the HTTP status, or {@code null} when there was no response
 * @param outcome what it decided: {@code DELIVERED}, {@code WILL_RETRY} or {@code FAILED}
 * @param errorKind why there was no response (e.g. {@code TIMEOUT}), or {@code null}
 * @param errorMessage detail of the error, or {@code null}
 * @param responseExcerpt the first bytes of the response body (receiver-supplied text), or {@code
 *     null}
 * @param runnerId the runner that made the attempt
 */
public record AttemptView(
    int attemptNumber,
    Instant startedAt,
    int durationMs,
    Integer statusCode,
    String outcome,
    String errorKind,
    String errorMessage,
    String responseExcerpt,
    String runnerId) {}
