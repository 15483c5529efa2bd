package dev.webhookoutbox.jdbc;

import java.util.Arrays;
import java.util.List;

/**
 * How signing secrets are stored in {@code webhook_delivery.signing_secrets}: space-separated, the
 * same separator the signature header uses, since {@code whsec_} secrets never contain one.
 */
final class SecretColumn {

  private SecretColumn() {}

  static String encode(List<String> secrets) {
    return secrets.isEmpty() ? null : String.join(" ", secrets);
  }

  static List<String> decode(String column) {
    if (column == null || column.isBlank()) {
      return List.of();
    }
    return Arrays.asList(column.trim().split(" +"));
  }
}
