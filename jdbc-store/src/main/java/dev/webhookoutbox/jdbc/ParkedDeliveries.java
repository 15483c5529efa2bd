package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.spi.EndpointRegistry;
import java.time.Instant;
import org.jdbi.v3.core.Handle;

/** Releases an enabled origin's parked deliveries: due now, attempt counts as they were. */
final class ParkedDeliveries {

  private ParkedDeliveries() {}

  static int release(Handle handle, SqlDialect dialect, String origin, Instant now) {
    Columns columns = Columns.of(dialect);
    return handle
        .createUpdate(SqlResources.query(dialect, "release-parked"))
        .bind("origin", origin)
        .bind("parkedUntil", columns.time(EndpointRegistry.PARKED_UNTIL))
        .bind("now", columns.time(now))
        .execute();
  }
}
