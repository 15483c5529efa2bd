package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.DeliveryStatus;
import dev.webhookoutbox.spi.AttemptOutcome;
import dev.webhookoutbox.spi.AttemptResult;
import java.time.Instant;
import java.util.UUID;

/** The column values one {@link AttemptOutcome} writes, computed once for either writer. */
record OutcomeRow(
    UUID deliveryId,
    int attemptNumber,
    Instant startedAt,
    int durationMs,
    Integer statusCode,
    String attemptOutcome,
    String errorKind,
    String errorMessage,
    String responseExcerpt,
    String newStatus,
    Instant nextAttemptAt,
    String lastError,
    Instant completedAt) {

  static final int MAX_ERROR_LENGTH = 2000;

  static OutcomeRow of(AttemptOutcome outcome, Instant now) {
    AttemptResult result = outcome.result();
    DeliveryStatus status = outcome.newStatus();
    return new OutcomeRow(
        outcome.deliveryId(),
        outcome.attemptNumber(),
        result.startedAt(),
        (int) Math.min(Integer.MAX_VALUE, result.duration().toMillis()),
        result.statusCode(),
        switch (status) {
          case DELIVERED -> "DELIVERED";
          case PENDING -> "WILL_RETRY";
          case FAILED -> "FAILED";
          case IN_FLIGHT, SUPERSEDED ->
              throw new IllegalArgumentException(status + " is not an attempt outcome");
        },
        result.error() == null ? null : result.error().name(),
        TextSanitizer.cap(result.errorMessage(), MAX_ERROR_LENGTH),
        TextSanitizer.clean(result.responseExcerpt()),
        status.name(),
        outcome.nextAttemptAt() == null ? now : outcome.nextAttemptAt(),
        status == DeliveryStatus.DELIVERED
            ? null
            : TextSanitizer.cap(outcome.reason(), MAX_ERROR_LENGTH),
        status.isFinal() ? now : null);
  }
}
