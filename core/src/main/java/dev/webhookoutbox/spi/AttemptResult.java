package dev.webhookoutbox.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one POST produced: an HTTP status, or an error without a status.
 *
 * @param startedAt when the attempt started
 * @param duration how long it took until the response was read or the error happened
 * @param statusCode the HTTP status, or {@code null} when there was no response
 * @param error why there was no usable response, or {@code null} when there was
 * @param errorMessage a human-readable detail of the error, or {@code null}; with a status, a note
 *     on the response, e.g. that its body was cut off at the sender's limit
 * @param responseExcerpt the first bytes of the response body as text (capped), or {@code null}
 * @param retryAfter the receiver's {@code Retry-After} as a delay, or {@code null}
 */
public record AttemptResult(
    Instant startedAt,
    Duration duration,
    Integer statusCode,
    AttemptError error,
    String errorMessage,
    String responseExcerpt,
    Duration retryAfter) {

  public AttemptResult {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(duration, "duration");
    if ((statusCode == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of statusCode and error must be set");
    }
  }

  public static AttemptResult response(
      Instant startedAt,
      Duration duration,
      int statusCode,
      String responseExcerpt,
      Duration retryAfter) {
    return new AttemptResult(
        startedAt, duration, statusCode, null, null, responseExcerpt, retryAfter);
  }

  public static AttemptResult failure(
      Instant startedAt, Duration duration, AttemptError error, String message) {
    return new AttemptResult(startedAt, duration, null, error, message, null, null);
  }

  public boolean isSuccess() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /** A one-line description for {@code last_error}, e.g. {@code HTTP 503} or {@code TIMEOUT: …}. */
  public String describe() {
    if (statusCode != null) {
      return "HTTP " + statusCode;
    }
    return errorMessage == null ? error.name() : error.name() + ": " + errorMessage;
  }
}
