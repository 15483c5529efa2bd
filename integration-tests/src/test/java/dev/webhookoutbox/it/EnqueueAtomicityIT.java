package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.NotInTransactionException;
import dev.webhookoutbox.OutboxStoreException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.WebhookRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mistake of issue #14: inside the host's transaction, enqueueing on another connection of the
 * pool (auto-commit) committed the delivery on its own, so a rolled-back change was still sent.
 * Enqueue now refuses such connections, and a real runner proves nothing reaches the receiver.
 */
class EnqueueAtomicityIT {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final WebhookOutbox outbox =
      WebhookOutbox.builder().options(TestRunners.options()).build();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void anAutoCommitConnectionBesideTheHostTransactionIsRefusedAndNothingIsSent(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver();
        WebhookRunner runner = TestRunners.fast(db.dataSource(), "atomicity").build()) {
      createBusinessTable(db);
      runner.start();
      Throwable refused;
      try (Connection tx = db.dataSource().getConnection();
          Connection wrong = db.dataSource().getConnection()) {
        tx.setAutoCommit(false);
        insertPrediction(tx, "p-rolled-back");
        // What a Spring @Transactional method gets from dataSource.getConnection(): a second
        // pooled connection in auto-commit mode, not the transaction's.
        refused = catchThrowable(() -> outbox.enqueue(wrong, request(receiver, "/rolled-back")));
        tx.rollback();
      }
      UUID sentinel = committed(db, request(receiver, "/sentinel"));
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      await().atMost(WAIT).until(() -> "DELIVERED".equals(sql.status(sentinel)));

      assertThat(receiver.received())
          .as("the receiver must get no POST for the rolled-back change")
          .extracting(r -> r.uri().getPath())
          .containsExactly("/sentinel");
      assertThat(sql.count("SELECT count(*) FROM prediction")).isZero();
      assertThat(sql.count("SELECT count(*) FROM webhook_delivery")).isOne();
      assertThat(refused)
          .isInstanceOf(NotInTransactionException.class)
          .hasMessageContaining("auto-commit")
          .hasMessageContaining("setAutoCommit(false)")
          .hasMessageContaining("DataSourceUtils.getConnection(dataSource)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void enqueueAllOnAnAutoCommitConnectionWritesNothing(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver();
        Connection autoCommit = db.dataSource().getConnection()) {
      Throwable refused =
          catchThrowable(
              () ->
                  outbox.enqueueAll(
                      autoCommit, List.of(request(receiver, "/a"), request(receiver, "/b"))));

      assertThat(new OutboxQueries(db.dataSource()).count("SELECT count(*) FROM webhook_delivery"))
          .isZero();
      assertThat(refused).isInstanceOf(NotInTransactionException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aJdbiHandleOutsideATransactionIsRefused(String name, Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver()) {
      Throwable refused =
          Jdbi.create(db.dataSource())
              .withHandle(
                  handle ->
                      catchThrowable(() -> outbox.enqueue(handle, request(receiver, "/jdbi"))));

      assertThat(new OutboxQueries(db.dataSource()).count("SELECT count(*) FROM webhook_delivery"))
          .isZero();
      assertThat(refused)
          .isInstanceOf(NotInTransactionException.class)
          .hasMessageContaining("useTransaction");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void theExplicitSendWithoutTransactionCommitsOnItsOwnAndIsDelivered(
      String name, Supplier<TestDatabase> database) {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver();
        WebhookRunner runner = TestRunners.fast(db.dataSource(), "opt-in").build()) {
      runner.start();
      AtomicInteger wakeUps = new AtomicInteger();
      WebhookOutbox waking =
          WebhookOutbox.builder()
              .options(TestRunners.options())
              .afterCommit(wakeUps::incrementAndGet)
              .build();

      UUID one = waking.enqueueWithoutTransaction(db.dataSource(), request(receiver, "/one"));
      List<UUID> two =
          waking.enqueueAllWithoutTransaction(
              db.dataSource(), List.of(request(receiver, "/two"), request(receiver, "/three")));

      OutboxQueries sql = new OutboxQueries(db.dataSource());
      await()
          .atMost(WAIT)
          .until(
              () ->
                  sql.count("SELECT count(*) FROM webhook_delivery WHERE status = 'DELIVERED'")
                      == 3);
      assertThat(receiver.received())
          .extracting(r -> r.header("webhook-id"))
          .containsExactlyInAnyOrder(one.toString(), two.get(0).toString(), two.get(1).toString());
      assertThat(wakeUps).as("once per committed call").hasValue(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void aSendWithoutTransactionThatFailsHalfwayWritesNothing(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get();
        TestReceiver receiver = new TestReceiver()) {
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "ALTER TABLE webhook_delivery ADD CONSTRAINT test_no_poison"
                + " CHECK (subject <> 'prediction/poison')");
      }
      // The first row is valid, the second breaks a constraint in the database: the call's own
      // transaction must take the first one back too.
      Throwable failed =
          catchThrowable(
              () ->
                  outbox.enqueueAllWithoutTransaction(
                      db.dataSource(),
                      List.of(request(receiver, "/fine"), request(receiver, "/poison"))));

      assertThat(failed).isInstanceOf(OutboxStoreException.class);
      assertThat(new OutboxQueries(db.dataSource()).count("SELECT count(*) FROM webhook_delivery"))
          .isZero();
    }
  }

  private UUID committed(TestDatabase db, WebhookRequest request) throws Exception {
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      UUID id = outbox.enqueue(tx, request);
      tx.commit();
      return id;
    }
  }

  private static void createBusinessTable(TestDatabase db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE prediction (id varchar(40) PRIMARY KEY)");
    }
  }

  private static void insertPrediction(Connection tx, String id) throws Exception {
    try (PreparedStatement insert = tx.prepareStatement("INSERT INTO prediction (id) VALUES (?)")) {
      insert.setString(1, id);
      insert.executeUpdate();
    }
  }

  private static WebhookRequest request(TestReceiver receiver, String path) {
    return WebhookRequest.builder(receiver.url(path), "completed")
        .subject("prediction" + path)
        .payload("{\"status\":\"succeeded\"}")
        .build();
  }
}
