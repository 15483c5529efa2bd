package dev.webhookoutbox.runner.admin;

import java.util.Objects;

/**
 * Where the deliveries page listens and the token that opens it.
 *
 * @param bind the address to bind, {@code 127.0.0.1} unless the page must be reachable from other
 *     hosts (then put TLS in front of it)
 * @param port the TCP port; 0 picks a free one
 * @param token the shared secret an admin presents once ({@code /?token=…} or the login form, or
 *     {@code Authorization: Bearer …}); at least 16 characters
 */
public record AdminSettings(String bind, int port, String token) {

  public static final int MIN_TOKEN_LENGTH = 16;

  public AdminSettings {
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(token, "token");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
    }
    if (token.strip().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "token must have at least " + MIN_TOKEN_LENGTH + " characters");
    }
  }

  @Override
  public String toString() {
    return "AdminSettings[bind=" + bind + ", port=" + port + ", token=***]";
  }
}
