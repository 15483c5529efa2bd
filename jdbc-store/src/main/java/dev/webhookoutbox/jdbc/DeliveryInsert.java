package dev.webhookoutbox.jdbc;

import dev.webhookoutbox.EventKind;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.signing.SecretCipher;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/**
 * Binds one new row to {@code insert-delivery} (or {@code insert-delivery-dedupe}, which takes the
 * same parameters in the same order).
 */
final class DeliveryInsert {

  private DeliveryInsert() {}

  static void bind(
      PreparedStatement insert,
      Columns columns,
      UUID id,
      WebhookRequest request,
      EventKind kind,
      String retryPreset,
      Instant createdAt,
      Instant dueAt,
      SecretCipher cipher)
      throws SQLException {
    columns.setId(insert, 1, id);
    insert.setString(2, request.eventType());
    setNullableString(insert, 3, request.subject());
    insert.setString(4, request.url());
    insert.setString(5, request.payload());
    setNullableString(insert, 6, SecretColumn.encode(request.signingSecrets(), cipher));
    setNullableString(insert, 7, HeaderColumn.encode(request.headers()));
    columns.setTime(insert, 8, dueAt);
    setNullableString(insert, 9, request.dedupeKey());
    columns.setTime(insert, 10, createdAt);
    columns.setTime(insert, 11, createdAt);
    insert.setString(12, kind.name());
    setNullableString(insert, 13, retryPreset);
    insert.setBoolean(14, request.strictOrder());
  }

  static void setNullableString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }
}
