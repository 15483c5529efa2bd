package dev.webhookoutbox.jdbc;

import java.util.Locale;
import java.util.Set;

/**
 * Which deliveries {@link DeliveryBrowser#recent} returns; a {@code null} field matches all.
 *
 * @param status one of {@code PENDING}, {@code IN_FLIGHT}, {@code DELIVERED}, {@code FAILED}, or
 *     {@code POISONED} for the failed deliveries whose failure kind is {@code POISONED}
 * @param origin a URL origin, normalised with {@link UrlOrigins#of}
 * @param subject an exact subject
 */
public record DeliveryFilter(String status, String origin, String subject) {

  private static final Set<String> STATUSES =
      Set.of("PENDING", "IN_FLIGHT", "DELIVERED", "FAILED", "POISONED");

  public DeliveryFilter {
    status = blankToNull(status);
    if (status != null) {
      status = status.toUpperCase(Locale.ROOT);
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException("status must be one of " + STATUSES + ", was " + status);
      }
    }
    origin = blankToNull(origin);
    origin = origin == null ? null : UrlOrigins.of(origin);
    subject = blankToNull(subject);
  }

  /** Matches every delivery. */
  public static DeliveryFilter all() {
    return new DeliveryFilter(null, null, null);
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
