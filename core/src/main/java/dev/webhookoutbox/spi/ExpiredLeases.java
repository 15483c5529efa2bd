package dev.webhookoutbox.spi;

import java.util.List;
import java.util.UUID;

/**
 * What one pass of lease recovery ({@link OutboxStore#releaseExpiredLeases}) did with the {@code
 * IN_FLIGHT} rows whose lease had ended.
 *
 * @param released rows made due again
 * @param poisoned rows failed for good instead, as poisoned: their claims had ended without an
 *     attempt outcome as many times in a row as allowed
 */
public record ExpiredLeases(int released, List<UUID> poisoned) {

  /** Nothing had expired. */
  public static final ExpiredLeases NONE = new ExpiredLeases(0, List.of());

  public ExpiredLeases {
    if (released < 0) {
      throw new IllegalArgumentException("released must not be negative, was " + released);
    }
    poisoned = List.copyOf(poisoned);
  }
}
