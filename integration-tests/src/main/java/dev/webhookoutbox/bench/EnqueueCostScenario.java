package dev.webhookoutbox.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario 1: host transactions that insert a business row plus an enqueue, against the same
 * transactions with a raw JDBC insert of an equivalent row, interleaved.
 */
final class EnqueueCostScenario {

  private final BenchDatabase database;
  private final boolean quick;
  private long lastCallNanos;

  private final ReceiverProcess receivers;

  EnqueueCostScenario(BenchDatabase database, ReceiverProcess receivers, boolean quick) {
    this.database = database;
    this.receivers = receivers;
    this.quick = quick;
  }

  // 1. What enqueue adds to a host transaction.
  Map<String, Object> run(Map<String, Object> r) throws Exception {
    int transactions = quick ? 500 : 3000;
    HikariDataSource ds = database.recreate();
    try (ReceiverProcess receiver = receivers.reused()) {
      WebhookOutbox outbox = RunnerUrlPolicy.allowLoopback(WebhookOutbox.builder()).build();
      String url = receiver.url(0, "ok");
      long[] withOutbox = new long[transactions];
      long[] withRawInsert = new long[transactions];
      long[] enqueueCalls = new long[transactions];
      long[] rawInsertCalls = new long[transactions];
      for (int i = 0; i < 200; i++) { // warm-up of both paths
        hostTransaction(ds, outbox, url, 10_000_000 + i, i % 2 == 0);
      }
      for (int i = 0; i < transactions; i++) {
        // Interleaved, so that both variants see the same database state and noise.
        withOutbox[i] = hostTransaction(ds, outbox, url, 2 * i, true);
        enqueueCalls[i] = lastCallNanos;
        withRawInsert[i] = hostTransaction(ds, outbox, url, 2 * i + 1, false);
        rawInsertCalls[i] = lastCallNanos;
      }
      Arrays.sort(withOutbox);
      Arrays.sort(withRawInsert);
      Arrays.sort(enqueueCalls);
      Arrays.sort(rawInsertCalls);
      double batchedRate = Backlog.fill(ds, quick ? 5_000 : 50_000, 1024, i -> url);
      r.put("transactions_per_variant", transactions);
      r.put(
          "enqueue_overhead_ratio",
          Measure.round(Measure.mean(withOutbox) / Measure.mean(withRawInsert), 3));
      r.put(
          "enqueue_overhead_ratio_p50",
          Measure.round(
              (double) withOutbox[transactions / 2] / withRawInsert[transactions / 2], 3));
      r.put(
          "added_us_p50",
          Measure.round(
              (withOutbox[transactions / 2] - withRawInsert[transactions / 2]) / 1000.0, 1));
      r.put("txn_us_p50_with_outbox", Measure.round(withOutbox[transactions / 2] / 1000.0, 1));
      r.put(
          "txn_us_p50_with_raw_insert", Measure.round(withRawInsert[transactions / 2] / 1000.0, 1));
      r.put("enqueue_call_us_p50", Measure.round(enqueueCalls[transactions / 2] / 1000.0, 1));
      r.put("raw_insert_call_us_p50", Measure.round(rawInsertCalls[transactions / 2] / 1000.0, 1));
      r.put("batched_enqueue_rows_per_sec", Math.round(batchedRate));
      return r;
    }
  }

  private long hostTransaction(
      HikariDataSource ds, WebhookOutbox outbox, String url, long id, boolean viaOutbox)
      throws Exception {
    String body = Backlog.body((int) id, 1024);
    long start = System.nanoTime();
    try (Connection tx = ds.getConnection()) {
      tx.setAutoCommit(false);
      try (PreparedStatement business =
          tx.prepareStatement(
              "INSERT INTO prediction (id, status, output, updated_at) VALUES (?, 'succeeded', ?, now())")) {
        business.setLong(1, id);
        business.setString(2, "frame.png");
        business.executeUpdate();
      }
      long call = System.nanoTime();
      if (viaOutbox) {
        outbox.enqueue(
            tx,
            WebhookRequest.builder(url, "completed")
                .subject("prediction-" + id)
                .signingSecret(Backlog.SECRET)
                .payload(body)
                .build());
      } else {
        rawInsert(tx, url, id, body);
      }
      lastCallNanos = System.nanoTime() - call;
      tx.commit();
    }
    return System.nanoTime() - start;
  }

  private static void rawInsert(Connection tx, String url, long id, String body) throws Exception {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    try (PreparedStatement insert =
        tx.prepareStatement(
            "INSERT INTO raw_outbox (id, event_type, subject, url, payload, signing_secrets,"
                + " extra_headers, status, attempt_count, next_attempt_at, dedupe_key, created_at,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?)")) {
      insert.setObject(1, UUID.randomUUID());
      insert.setString(2, "completed");
      insert.setString(3, "prediction-" + id);
      insert.setString(4, url);
      insert.setString(5, body);
      insert.setString(6, Backlog.SECRET);
      insert.setNull(7, java.sql.Types.VARCHAR);
      insert.setObject(8, now);
      insert.setNull(9, java.sql.Types.VARCHAR);
      insert.setObject(10, now);
      insert.setObject(11, now);
      insert.executeUpdate();
    }
  }
}
