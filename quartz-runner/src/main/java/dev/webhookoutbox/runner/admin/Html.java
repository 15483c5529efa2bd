package dev.webhookoutbox.runner.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * HTML output helpers. Everything shown on the page passes through {@link #text}: URLs, payloads,
 * subjects, errors and response excerpts are chosen by callers or receivers, i.e. attackers.
 */
final class Html {

  private Html() {}

  /** Escapes text for an element body or a double-quoted attribute value. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A query-parameter value, percent-encoded (then still escaped where it goes into HTML). */
  static String param(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }

  static String time(Instant instant) {
    return instant == null ? "" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Text cut to {@code max} characters, for table cells. */
  static String cut(String value, int max) {
    if (value == null || value.length() <= max) {
      return value;
    }
    return value.substring(0, max - 1) + "…";
  }

  static String page(String title, String body) {
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + text(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body>"
        + body
        + "</body></html>";
  }

  private static final String STYLE =
      "body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}"
          + "table{border-collapse:collapse;width:100%;margin-top:1em}"
          + "th,td{border-bottom:1px solid #ddd;padding:.35em .5em;text-align:left;"
          + "vertical-align:top}"
          + "th{background:#f4f4f4}td.url,td.err{word-break:break-all}"
          + ".DELIVERED{color:#176b2c}.FAILED{color:#b3261e}.PENDING{color:#8a5a00}"
          + ".IN_FLIGHT{color:#1a5fb4}"
          + "pre{background:#f7f7f7;padding:.6em;white-space:pre-wrap;word-break:break-all}"
          + "form.filters input,form.filters select{margin-right:.6em}"
          + ".summary span{margin-right:1.4em}.notice{background:#eef6ee;padding:.5em}"
          + ".error{background:#fbeaea;padding:.5em}";
}
