package dev.webhookoutbox.jdbc;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How extra headers are stored in {@code webhook_delivery.extra_headers}: one {@code Name: value}
 * per line, readable in {@code psql}. Validation forbids CR and LF in names and values, so the
 * format needs no escaping.
 */
final class HeaderColumn {

  private HeaderColumn() {}

  static String encode(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    headers.forEach((name, value) -> text.append(name).append(": ").append(value).append('\n'));
    return text.toString();
  }

  static Map<String, String> decode(String column) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (column == null) {
      return headers;
    }
    for (String line : column.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.put(line.substring(0, colon), line.substring(colon + 1).strip());
      }
    }
    return headers;
  }
}
