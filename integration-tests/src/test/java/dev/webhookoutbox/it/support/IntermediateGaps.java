package dev.webhookoutbox.it.support;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gaps between consecutive intermediate POSTs ({@code output}, {@code logs}, retries included)
 * of each subject to each URL, from the recorded {@code webhook_attempt.started_at}: one clock, no
 * transport jitter, whatever the machine's load. This is what the throttle window promises.
 */
public final class IntermediateGaps {

  private IntermediateGaps() {}

  /** One intermediate POST as recorded. */
  public record Attempt(String delivery, int number, String runner, Instant startedAt) {
    @Override
    public String toString() {
      return "attempt " + number + " of " + delivery + " by " + runner;
    }
  }

  /** Two consecutive intermediate POSTs of one subject to one URL. */
  public record Gap(Attempt before, Attempt after) {
    public Duration length() {
      return Duration.between(before.startedAt(), after.startedAt());
    }

    public boolean isRetry() {
      return before.delivery().equals(after.delivery());
    }

    @Override
    public String toString() {
      return String.format(
          "%.1f ms from %s to %s%s",
          length().toNanos() / 1e6, before, after, isRetry() ? " (a retry)" : "");
    }
  }

  /** The gaps of every subject, or of one if {@code subject} is not {@code null}. */
  public static List<Gap> of(OutboxQueries sql, String subject) {
    List<Gap> gaps = new ArrayList<>();
    for (List<Attempt> attempts : attempts(sql, subject).values()) {
      for (int i = 1; i < attempts.size(); i++) {
        gaps.add(new Gap(attempts.get(i - 1), attempts.get(i)));
      }
    }
    return gaps;
  }

  /** Every attempt of every intermediate delivery, per subject and URL, in start order. */
  public static Map<String, List<Attempt>> attempts(OutboxQueries sql, String subject) {
    Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
    String query =
        "SELECT d.subject, d.url, d.id, a.attempt_number, a.runner_id, a.started_at"
            + " FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id"
            + " WHERE d.event_kind = 'INTERMEDIATE'"
            + (subject == null ? "" : " AND d.subject = ?")
            + " ORDER BY d.subject, d.url, a.started_at";
    for (Map<String, Object> row : subject == null ? sql.query(query) : sql.query(query, subject)) {
      attempts
          .computeIfAbsent(row.get("subject") + " " + row.get("url"), k -> new ArrayList<>())
          .add(
              new Attempt(
                  String.valueOf(row.get("id")),
                  ((Number) row.get("attempt_number")).intValue(),
                  (String) row.get("runner_id"),
                  instant(row.get("started_at"))));
    }
    return attempts;
  }

  /** Percentiles in ms, and how many gaps were shorter than {@code window}, and why. */
  public static String summary(List<Gap> gaps, Duration window) {
    List<Double> ms = gaps.stream().map(g -> g.length().toNanos() / 1e6).sorted().toList();
    if (ms.isEmpty()) {
      return "no gaps";
    }
    List<Gap> under = gaps.stream().filter(g -> g.length().compareTo(window) < 0).toList();
    return String.format(
        "%d gaps in ms: min %.1f, p1 %.1f, p10 %.1f, median %.1f, p90 %.1f, max %.1f;"
            + " %d under %d ms (%d retries of one delivery, %d by two runners)",
        ms.size(),
        ms.get(0),
        ms.get(ms.size() / 100),
        ms.get(ms.size() / 10),
        ms.get(ms.size() / 2),
        ms.get(ms.size() * 9 / 10),
        ms.get(ms.size() - 1),
        under.size(),
        window.toMillis(),
        under.stream().filter(Gap::isRetry).count(),
        under.stream().filter(g -> !g.before().runner().equals(g.after().runner())).count());
  }

  private static Instant instant(Object value) {
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    throw new IllegalArgumentException("not a timestamp: " + value);
  }
}
