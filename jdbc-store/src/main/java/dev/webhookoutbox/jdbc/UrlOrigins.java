package dev.webhookoutbox.jdbc;

import java.util.Locale;

/**
 * The URL origin the admin views group by: {@code scheme://host[:port]}, lower case, exactly what
 * the views compute with {@code lower(regexp_substr(url, '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*'))}.
 */
public final class UrlOrigins {

  private UrlOrigins() {}

  /**
   * The origin of a URL, or of an origin typed by an admin ({@code https://Hooks.Example.com/} ⇒
   * {@code https://hooks.example.com}).
   *
   * @throws IllegalArgumentException if the text has no {@code scheme://}
   */
  public static String of(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 1) {
      throw new IllegalArgumentException(
          "a URL origin looks like https://host[:port], was '" + url + "'");
    }
    int end = url.length();
    for (int i = schemeEnd + 3; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    return url.substring(0, end).strip().toLowerCase(Locale.ROOT);
  }
}
