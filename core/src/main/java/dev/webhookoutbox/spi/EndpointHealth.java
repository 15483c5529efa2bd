package dev.webhookoutbox.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One runner's report about a URL origin, written by {@link EndpointRegistry#recordEndpointHealth}.
 * Runners send one when an origin's health changes, and repeat it now and then while it does not.
 *
 * @param origin {@code scheme://host[:port]} in lower case
 * @param healthy whether the attempt that caused the report delivered (2xx)
 * @param at when that attempt completed
 * @param error the failed attempt's description (e.g. {@code HTTP 503}), or {@code null} when
 *     healthy
 */
public record EndpointHealth(String origin, boolean healthy, Instant at, String error) {

  public EndpointHealth {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(at, "at");
  }
}
