package dev.webhookoutbox.it.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Deliveries in every state with their attempts, written with plain SQL relative to now: the rows
 * the admin SQL cookbook's examples refer to (docs/admin-sql.md).
 */
public final class SampleRows {

  public static final UUID DELIVERED = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d01");
  public static final UUID FAILED = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d02");
  public static final UUID PENDING_OVERDUE =
      UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d03");
  public static final UUID PENDING_LATER = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d04");
  public static final UUID LEASE_EXPIRED = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d05");
  public static final String ORIGIN = "https://hooks.example.com";
  public static final UUID PARKED = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d06");
  public static final String DISABLED_ORIGIN = "https://down.example.com";
  public static final String SUBJECT = "prediction-42";
  public static final UUID POISONED = UUID.fromString("0193a5f0-8c1e-7b2a-9d4e-5f6a7b8c9d07");

  private SampleRows() {}

  public static void insert(DataSource dataSource) {
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection()) {
      delivery(
          c,
          DELIVERED,
          ORIGIN + "/hooks?customer=7",
          "DELIVERED",
          1,
          now.minusSeconds(600),
          now.minusSeconds(599),
          200,
          null,
          null);
      attempt(c, DELIVERED, 1, now.minusSeconds(599), 120, 200, "DELIVERED", null);
      delivery(
          c,
          FAILED,
          ORIGIN + "/hooks?customer=7",
          "FAILED",
          2,
          now.minusSeconds(900),
          now.minusSeconds(300),
          500,
          "gave up after 2 attempts: HTTP 500",
          null);
      attempt(c, FAILED, 1, now.minusSeconds(899), 80, 503, "WILL_RETRY", null);
      attempt(c, FAILED, 2, now.minusSeconds(301), 95, 500, "FAILED", null);
      delivery(
          c,
          PENDING_OVERDUE,
          ORIGIN + "/other",
          "PENDING",
          1,
          now.minus(Duration.ofHours(2)),
          null,
          null,
          "TIMEOUT",
          null);
      attempt(c, PENDING_OVERDUE, 1, now.minusSeconds(1900), 1000, null, "WILL_RETRY", "TIMEOUT");
      update(
          c,
          "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?",
          now.minusSeconds(1800),
          PENDING_OVERDUE);
      delivery(
          c,
          PENDING_LATER,
          ORIGIN + "/later",
          "PENDING",
          1,
          now.minusSeconds(60),
          null,
          429,
          "HTTP 429",
          null);
      attempt(c, PENDING_LATER, 1, now.minusSeconds(59), 30, 429, "WILL_RETRY", null);
      update(
          c,
          "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?",
          now.plusSeconds(1800),
          PENDING_LATER);
      delivery(
          c,
          LEASE_EXPIRED,
          "http://127.0.0.1:9/dead",
          "IN_FLIGHT",
          0,
          now.minusSeconds(120),
          null,
          null,
          null,
          "dead-runner");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Endpoint rows on top of {@link #insert}: {@link #ORIGIN} failing for an hour, and {@link
   * #DISABLED_ORIGIN} disabled six days ago with one parked delivery ({@link #PARKED}).
   */
  public static void insertEndpoints(DataSource dataSource) {
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection()) {
      endpoint(c, ORIGIN, now.minusSeconds(3600), now.minusSeconds(60), null, null);
      endpoint(
          c,
          DISABLED_ORIGIN,
          now.minus(Duration.ofDays(6)),
          now.minus(Duration.ofDays(1)),
          now.minus(Duration.ofDays(1)),
          "every attempt failed for 5 days");
      delivery(
          c,
          PARKED,
          DISABLED_ORIGIN + "/hooks",
          "PENDING",
          12,
          now.minus(Duration.ofDays(2)),
          null,
          503,
          "HTTP 503",
          null);
      update(
          c,
          "UPDATE webhook_delivery SET next_attempt_at = ? WHERE id = ?",
          Instant.parse("9999-12-31T00:00:00Z"),
          PARKED);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A delivery on top of {@link #insert} that lease recovery failed as poisoned ten minutes ago
   * ({@link #POISONED}): three claims in a row ended with an expired lease, no attempt recorded.
   */
  public static void insertPoisoned(DataSource dataSource) {
    Instant now = Instant.now();
    try (Connection c = dataSource.getConnection()) {
      delivery(
          c,
          POISONED,
          ORIGIN + "/hooks?customer=9",
          "FAILED",
          0,
          now.minusSeconds(1200),
          now.minusSeconds(600),
          null,
          "POISONED: 3 claims in a row ended without an attempt outcome: each runner holding it"
              + " died or hung past its lease",
          null);
      try (PreparedStatement ps =
          c.prepareStatement(
              "UPDATE webhook_delivery SET lost_leases = 3, failure_kind = 'POISONED'"
                  + " WHERE id = ?")) {
        ps.setObject(1, POISONED);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void endpoint(
      Connection c,
      String origin,
      Instant failingSince,
      Instant lastFailure,
      Instant disabledAt,
      String reason)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO webhook_endpoint (origin, failing_since, last_failure_at, last_error,"
                + " disabled_at, disabled_reason, parked_at, updated_at)"
                + " VALUES (?, ?, ?, 'HTTP 503', ?, ?, ?, ?)")) {
      ps.setString(1, origin);
      ps.setObject(2, utc(c, failingSince));
      ps.setObject(3, utc(c, lastFailure));
      ps.setObject(4, utc(c, disabledAt));
      ps.setString(5, reason);
      ps.setObject(6, utc(c, disabledAt));
      ps.setObject(7, utc(c, lastFailure));
      ps.executeUpdate();
    }
  }

  private static void delivery(
      Connection c,
      UUID id,
      String url,
      String status,
      int attempts,
      Instant created,
      Instant completed,
      Integer lastStatus,
      String lastError,
      String leaseOwner)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO webhook_delivery (id, event_type, subject, url, payload, signing_secrets,"
                + " status, attempt_count, next_attempt_at, lease_owner, lease_until,"
                + " last_status_code, last_error, created_at, updated_at, completed_at)"
                + " VALUES (?, 'completed', ?, ?, ?, 'whsec_c2VjcmV0LW5ldmVyLXNob3du', ?, ?, ?, ?, ?,"
                + " ?, ?, ?, ?, ?)")) {
      ps.setObject(1, id);
      ps.setString(2, SUBJECT);
      ps.setString(3, url);
      ps.setString(4, "{\"id\":\"" + SUBJECT + "\",\"status\":\"succeeded\"}");
      ps.setString(5, status);
      ps.setInt(6, attempts);
      ps.setObject(7, utc(c, completed != null ? completed : created));
      ps.setString(8, leaseOwner);
      ps.setObject(9, leaseOwner == null ? null : utc(c, created.plusSeconds(30)));
      if (lastStatus == null) {
        ps.setNull(10, Types.INTEGER);
      } else {
        ps.setInt(10, lastStatus);
      }
      ps.setString(11, lastError);
      ps.setObject(12, utc(c, created));
      ps.setObject(13, utc(c, completed != null ? completed : created));
      ps.setObject(14, utc(c, completed));
      ps.executeUpdate();
    }
  }

  private static void attempt(
      Connection c,
      UUID id,
      int number,
      Instant started,
      int ms,
      Integer status,
      String outcome,
      String errorKind)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO webhook_attempt (delivery_id, attempt_number, started_at, duration_ms,"
                + " status_code, outcome, error_kind, error_message, response_excerpt, runner_id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sample-runner')")) {
      ps.setObject(1, id);
      ps.setInt(2, number);
      ps.setObject(3, utc(c, started));
      ps.setInt(4, ms);
      if (status == null) {
        ps.setNull(5, Types.INTEGER);
      } else {
        ps.setInt(5, status);
      }
      ps.setString(6, outcome);
      ps.setString(7, errorKind);
      ps.setString(8, errorKind == null ? null : "no response within 1000 ms");
      ps.setString(9, status == null ? null : "{\"status\":" + status + "}");
      ps.executeUpdate();
    }
  }

  private static void update(Connection c, String sql, Instant at, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, utc(c, at));
      ps.setObject(2, id);
      ps.executeUpdate();
    }
  }

  private static Object utc(Connection c, Instant instant) {
    return SqlTime.of(c, instant);
  }
}
