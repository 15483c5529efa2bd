package dev.webhookoutbox.runner.http;

import dev.webhookoutbox.spi.AttemptError;
import dev.webhookoutbox.spi.AttemptResult;
import dev.webhookoutbox.spi.FatalErrorHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.apache.hc.client5.http.utils.DateUtils;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * Turns how one exchange ended into the attempt's result: a response, a body cut off at the limit
 * (still a response: its status decides), a failure, or the total deadline. Runs on the HTTP
 * client's I/O threads, which must not die of what it does: a fatal error is reported, and the
 * attempt completed exceptionally with it, which the dispatcher takes as fatal too.
 */
final class AttemptCallback implements FutureCallback<ExcerptResponseConsumer.Captured> {

  private final CompletableFuture<AttemptResult> result;
  private final ExcerptResponseConsumer consumer;
  private final SenderSettings settings;
  private final Clock clock;
  private final FatalErrorHandler fatal;
  private final Instant startedAt;
  private final long startNanos;

  AttemptCallback(
      CompletableFuture<AttemptResult> result,
      ExcerptResponseConsumer consumer,
      SenderSettings settings,
      Clock clock,
      FatalErrorHandler fatal,
      Instant startedAt,
      long startNanos) {
    this.result = result;
    this.consumer = consumer;
    this.settings = settings;
    this.clock = clock;
    this.fatal = fatal;
    this.startedAt = startedAt;
    this.startNanos = startNanos;
  }

  @Override
  public void completed(ExcerptResponseConsumer.Captured response) {
    complete(() -> response(response, null));
  }

  @Override
  public void failed(Exception failure) {
    complete(
        () -> {
          for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ExcerptResponseConsumer.BodyCutOff) {
              return response(consumer.snapshot(), t.getMessage());
            }
          }
          return cutOff(
              FailureClassifier.classify(failure),
              FailureClassifier.describe(failure, settings.responseLimits()));
        });
  }

  @Override
  public void cancelled() {
    complete(
        () ->
            cutOff(
                AttemptError.TIMEOUT,
                "no complete response within the total timeout of "
                    + settings.totalTimeout().toMillis()
                    + " ms"));
  }

  private interface Outcome {
    AttemptResult get();
  }

  private void complete(Outcome outcome) {
    try {
      result.complete(outcome.get());
    } catch (VirtualMachineError e) {
      fatal.fatalError("HTTP response handling", e);
      result.completeExceptionally(e);
    }
  }

  /** A response; {@code note} says when its body was cut off. */
  private AttemptResult response(ExcerptResponseConsumer.Captured response, String note) {
    return new AttemptResult(
        startedAt,
        elapsed(),
        response.statusCode(),
        null,
        note,
        response.excerpt(),
        parseRetryAfter(response.retryAfter()));
  }

  /**
   * An attempt that ended without a complete response; when the receiver had started answering (a
   * slow body), its status goes into the message and the excerpt is kept.
   */
  private AttemptResult cutOff(AttemptError error, String message) {
    ExcerptResponseConsumer.Captured partial = consumer.snapshot();
    if (partial.statusCode() == 0) {
      return AttemptResult.failure(startedAt, elapsed(), error, message);
    }
    String detail =
        message
            + " (after HTTP "
            + partial.statusCode()
            + " and "
            + partial.bodyBytes()
            + " body bytes)";
    return new AttemptResult(startedAt, elapsed(), null, error, detail, partial.excerpt(), null);
  }

  private Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String trimmed = value.trim();
    if (trimmed.chars().allMatch(Character::isDigit) && trimmed.length() <= 9) {
      return Duration.ofSeconds(Long.parseLong(trimmed));
    }
    Instant date = DateUtils.parseStandardDate(trimmed);
    if (date == null) {
      return null;
    }
    Duration delay = Duration.between(clock.instant(), date);
    return delay.isNegative() ? Duration.ZERO : delay;
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
