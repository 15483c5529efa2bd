package dev.webhookoutbox.validation;

import dev.webhookoutbox.InvalidWebhookException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules for the extra headers a host app may add to a webhook: RFC 7230 token names, values of
 * visible ASCII, spaces and tabs (no CR, LF or NUL that could split the request), bounded count and
 * size, and no name that would replace what the library sends or controls the connection.
 */
final class HeaderRules {

  static final int MAX_HEADERS = 20;
  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_VALUE_LENGTH = 4096;

  /**
   * Names the library sets (signature, id, timestamp, body framing, host, user agent) or that would
   * change how the connection or body is handled; compared in lower case.
   */
  static final Set<String> RESERVED =
      Set.of(
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "content-type",
          "content-length",
          "content-encoding",
          "transfer-encoding",
          "host",
          "user-agent",
          "connection",
          "keep-alive",
          "proxy-connection",
          "te",
          "trailer",
          "upgrade",
          "expect");

  private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HeaderRules() {}

  /**
   * @throws InvalidWebhookException with field {@code headers} for the first rule broken
   */
  static void validate(Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS) {
      throw invalid("at most " + MAX_HEADERS + " extra headers are allowed, got " + headers.size());
    }
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      checkName(name);
      String lower = name.toLowerCase(Locale.ROOT);
      if (RESERVED.contains(lower)) {
        throw invalid(name + " is set by the library or controls the connection; it cannot be set");
      }
      if (!seen.add(lower)) {
        throw invalid(name + " is given twice (header names are case-insensitive)");
      }
      checkValue(name, header.getValue());
    }
  }

  private static void checkName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw invalid("a header name must be 1 to " + MAX_NAME_LENGTH + " characters long");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean tchar =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || TOKEN_SYMBOLS.indexOf(c) >= 0;
      if (!tchar) {
        throw invalid(
            "header name "
                + HostNames.show(name)
                + " contains "
                + HostNames.show(String.valueOf(c))
                + "; names are RFC 7230 tokens (letters, digits and !#$%&'*+-.^_`|~)");
      }
    }
  }

  private static void checkValue(String name, String value) {
    if (value == null) {
      throw invalid("header " + name + " has no value");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      throw invalid("header " + name + " is longer than " + MAX_VALUE_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == '\0') {
        throw invalid("header " + name + " contains CR, LF or NUL, which could split the request");
      }
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw invalid(
            "header "
                + name
                + " contains "
                + HostNames.show(String.valueOf(c))
                + "; values are visible ASCII, spaces and tabs");
      }
    }
    if (!value.isEmpty()
        && (isBlank(value.charAt(0)) || isBlank(value.charAt(value.length() - 1)))) {
      // HTTP drops surrounding whitespace, and so does the stored form: refuse rather than change
      // it.
      throw invalid("header " + name + " starts or ends with whitespace");
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }

  private static InvalidWebhookException invalid(String message) {
    return new InvalidWebhookException("headers", message);
  }
}
