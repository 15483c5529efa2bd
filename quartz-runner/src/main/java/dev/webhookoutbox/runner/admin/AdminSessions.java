package dev.webhookoutbox.runner.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the deliveries page, in memory: a random session id (the cookie) and a
 * separate random anti-CSRF token that the replay form must echo. Sessions end after {@link #TTL}
 * and with the process.
 */
final class AdminSessions {

  static final Duration TTL = Duration.ofHours(12);
  private static final int MAX_SESSIONS = 1000;
  private static final SecureRandom RANDOM = new SecureRandom();

  record Session(String id, String csrfToken, Instant expiresAt) {}

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Clock clock;

  AdminSessions(Clock clock) {
    this.clock = clock;
  }

  Session create() {
    Instant now = clock.instant();
    if (sessions.size() >= MAX_SESSIONS) {
      sessions.values().removeIf(s -> s.expiresAt().isBefore(now));
      if (sessions.size() >= MAX_SESSIONS) {
        sessions.clear(); // everyone logs in again rather than memory growing without bound
      }
    }
    Session session = new Session(randomToken(), randomToken(), now.plus(TTL));
    sessions.put(session.id(), session);
    return session;
  }

  /** The live session with this id, or {@code null}. */
  Session find(String id) {
    if (id == null) {
      return null;
    }
    Session session = sessions.get(id);
    if (session == null || session.expiresAt().isBefore(clock.instant())) {
      return null;
    }
    return session;
  }

  static String randomToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
