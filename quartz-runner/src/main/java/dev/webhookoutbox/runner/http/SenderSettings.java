package dev.webhookoutbox.runner.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of the HTTP sender. Which URLs it may call is the {@link
 * dev.webhookoutbox.validation.UrlPolicy} of the runner's {@link dev.webhookoutbox.OutboxOptions},
 * shared with the enqueuing side.
 *
 * <pre>{@code
 * SenderSettings production = SenderSettings.defaults();
 * SenderSettings tests =
 *     SenderSettings.defaults()
 *         .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
 * }</pre>
 *
 * @param connectTimeout time to establish the TCP (and TLS) connection
 * @param responseTimeout longest silence while waiting for or reading the response
 * @param totalTimeout hard limit on one attempt from start to last byte: stops slow-loris and
 *     endless bodies that never stay silent long enough for {@code responseTimeout}
 * @param maxConnections connections in the pool across all receivers
 * @param maxConnectionsPerRoute connections to one scheme, host and port
 * @param maxExcerptBytes the most response-body bytes kept for the attempt row, at most {@value
 *     #MAX_EXCERPT_BYTES}
 * @param responseLimits how much of a response head and body is read at most; the body limit is at
 *     least {@code maxExcerptBytes}
 */
public record SenderSettings(
    Duration connectTimeout,
    Duration responseTimeout,
    Duration totalTimeout,
    int maxConnections,
    int maxConnectionsPerRoute,
    int maxExcerptBytes,
    ResponseLimits responseLimits) {

  /** Upper bound for every timeout: a receiver may legitimately be slow, but not forever. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(20);

  /** Upper bound for excerpts; the H2 column holds 20,000 characters. */
  public static final int MAX_EXCERPT_BYTES = 16 * 1024;

  public SenderSettings {
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(responseTimeout, "responseTimeout");
    requireTimeout(totalTimeout, "totalTimeout");
    if (maxConnections < 1 || maxConnectionsPerRoute < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
    if (maxExcerptBytes < 0 || maxExcerptBytes > MAX_EXCERPT_BYTES) {
      throw new IllegalArgumentException(
          "maxExcerptBytes must be 0 to " + MAX_EXCERPT_BYTES + ", was " + maxExcerptBytes);
    }
    Objects.requireNonNull(responseLimits, "responseLimits");
    if (responseLimits.maxBodyBytes() < maxExcerptBytes) {
      throw new IllegalArgumentException(
          "the body limit ("
              + responseLimits.maxBodyBytes()
              + " bytes) must be at least maxExcerptBytes ("
              + maxExcerptBytes
              + ")");
    }
  }

  /** Settings with the {@linkplain ResponseLimits#defaults() default response limits}. */
  public SenderSettings(
      Duration connectTimeout,
      Duration responseTimeout,
      Duration totalTimeout,
      int maxConnections,
      int maxConnectionsPerRoute,
      int maxExcerptBytes) {
    this(
        connectTimeout,
        responseTimeout,
        totalTimeout,
        maxConnections,
        maxConnectionsPerRoute,
        maxExcerptBytes,
        ResponseLimits.defaults());
  }

  /**
   * 5 s connect, 10 s response, 15 s in total, 1,000 connections (100 per route), 4 KiB excerpts,
   * the {@linkplain ResponseLimits#defaults() default response limits}. The total matches the
   * runner's default in-flight bound: with fewer, a runner sending to many origins at once closes
   * one origin's idle connection to open another's, and pays a TCP connect per request (measured:
   * 20 fast endpoints drained at half the rate of one).
   */
  public static SenderSettings defaults() {
    return new SenderSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), 1000, 100, 4096);
  }

  public SenderSettings withTimeouts(Duration connect, Duration response, Duration total) {
    return new SenderSettings(
        connect,
        response,
        total,
        maxConnections,
        maxConnectionsPerRoute,
        maxExcerptBytes,
        responseLimits);
  }

  public SenderSettings withMaxExcerptBytes(int maxBytes) {
    return new SenderSettings(
        connectTimeout,
        responseTimeout,
        totalTimeout,
        maxConnections,
        maxConnectionsPerRoute,
        maxBytes,
        responseLimits);
  }

  /** These settings with other limits on what is read of a response. */
  public SenderSettings withResponseLimits(ResponseLimits limits) {
    return new SenderSettings(
        connectTimeout,
        responseTimeout,
        totalTimeout,
        maxConnections,
        maxConnectionsPerRoute,
        maxExcerptBytes,
        limits);
  }

  private static void requireTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          name + " must be between 1 ms and " + MAX_TIMEOUT + ", was " + timeout);
    }
  }
}
