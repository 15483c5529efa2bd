package dev.webhookoutbox.runner.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts and limits of the HTTP sender.
 *
 * @param connectTimeout time to establish the TCP (and TLS) connection
 * @param responseTimeout longest silence while waiting for or reading the response
 * @param totalTimeout hard limit on one attempt from start to last byte: stops slow-loris and
 *     endless bodies that never stay silent long enough for {@code responseTimeout}
 * @param maxConnections connections in the pool across all receivers
 * @param maxConnectionsPerRoute connections to one scheme, host and port
 * @param maxExcerptBytes the most response-body bytes kept for the attempt row
 */
public record SenderSettings(
    Duration connectTimeout,
    Duration responseTimeout,
    Duration totalTimeout,
    int maxConnections,
    int maxConnectionsPerRoute,
    int maxExcerptBytes) {

  /** Upper bound for every timeout: a receiver may legitimately be slow, but not forever. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(20);

  public SenderSettings {
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(responseTimeout, "responseTimeout");
    requireTimeout(totalTimeout, "totalTimeout");
    if (maxConnections < 1 || maxConnectionsPerRoute < 1) {
      throw new IllegalArgumentException("connection limits must be at least 1");
    }
    if (maxExcerptBytes < 0) {
      throw new IllegalArgumentException("maxExcerptBytes must not be negative");
    }
  }

  /** 5 s connect, 10 s response, 15 s in total, 512 connections (100 per route), 4 KiB excerpts. */
  public static SenderSettings defaults() {
    return new SenderSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15), 512, 100, 4096);
  }

  public SenderSettings withTimeouts(Duration connect, Duration response, Duration total) {
    return new SenderSettings(
        connect, response, total, maxConnections, maxConnectionsPerRoute, maxExcerptBytes);
  }

  private static void requireTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          name + " must be between 1 ms and " + MAX_TIMEOUT + ", was " + timeout);
    }
  }
}
