package dev.webhookoutbox.bench;

import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import javax.sql.DataSource;

/** Fills the outbox through the library's batched enqueue, on a few threads. */
final class Backlog {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final int BATCH = 1000;

  private Backlog() {}

  /** A JSON body of about {@code bytes} bytes. */
  static String body(int index, int bytes) {
    StringBuilder json = new StringBuilder(bytes + 64);
    json.append("{\"id\":\"prediction-")
        .append(index)
        .append("\",\"status\":\"succeeded\",\"logs\":\"");
    while (json.length() < bytes - 2) {
      json.append('x');
    }
    return json.append("\"}").toString();
  }

  /**
   * Enqueues {@code count} signed deliveries; {@code urlFor} picks each one's URL. Returns rows/s.
   */
  static double fill(DataSource dataSource, int count, int bodyBytes, IntFunction<String> urlFor)
      throws Exception {
    return fill(dataSource, count, bodyBytes, urlFor, "prediction-");
  }

  /** As above, with subjects {@code subjectPrefix + i}: distinct from an earlier fill's. */
  static double fill(
      DataSource dataSource,
      int count,
      int bodyBytes,
      IntFunction<String> urlFor,
      String subjectPrefix)
      throws Exception {
    WebhookOutbox outbox = RunnerUrlPolicy.allowLoopback(WebhookOutbox.builder()).build();
    int threads = 2;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long start = System.nanoTime();
    List<Future<?>> parts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      parts.add(
          pool.submit(
              () -> {
                for (int from = first * BATCH; from < count; from += threads * BATCH) {
                  insertBatch(
                      dataSource,
                      outbox,
                      from,
                      Math.min(count, from + BATCH),
                      bodyBytes,
                      urlFor,
                      subjectPrefix);
                }
                return null;
              }));
    }
    for (Future<?> part : parts) {
      part.get();
    }
    pool.shutdown();
    return count / ((System.nanoTime() - start) / 1e9);
  }

  /**
   * Enqueues {@code count} signed deliveries in one transaction that first locks the table against
   * updates: running runners' claims wait until it commits, then meet the whole backlog at once, as
   * a runner started on a filled table does. Returns rows/s.
   */
  static double fillWhileHoldingClaims(
      DataSource dataSource,
      int count,
      int bodyBytes,
      IntFunction<String> urlFor,
      String subjectPrefix)
      throws SQLException {
    WebhookOutbox outbox = RunnerUrlPolicy.allowLoopback(WebhookOutbox.builder()).build();
    long start = System.nanoTime();
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      try (Statement lock = tx.createStatement()) {
        // SHARE ROW EXCLUSIVE conflicts with every other writer's ROW EXCLUSIVE, not with readers.
        lock.execute("LOCK TABLE webhook_delivery IN SHARE ROW EXCLUSIVE MODE");
      }
      for (int from = 0; from < count; from += BATCH) {
        outbox.enqueueAll(
            tx, requests(from, Math.min(count, from + BATCH), bodyBytes, urlFor, subjectPrefix));
      }
      tx.commit();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private static void insertBatch(
      DataSource dataSource,
      WebhookOutbox outbox,
      int from,
      int to,
      int bodyBytes,
      IntFunction<String> urlFor,
      String subjectPrefix)
      throws SQLException {
    try (Connection tx = dataSource.getConnection()) {
      tx.setAutoCommit(false);
      outbox.enqueueAll(tx, requests(from, to, bodyBytes, urlFor, subjectPrefix));
      tx.commit();
    }
  }

  private static List<WebhookRequest> requests(
      int from, int to, int bodyBytes, IntFunction<String> urlFor, String subjectPrefix) {
    List<WebhookRequest> requests = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      requests.add(
          WebhookRequest.builder(urlFor.apply(i), "completed")
              .subject(subjectPrefix + i)
              .signingSecret(SECRET)
              .payload(body(i, bodyBytes))
              .build());
    }
    return requests;
  }
}
