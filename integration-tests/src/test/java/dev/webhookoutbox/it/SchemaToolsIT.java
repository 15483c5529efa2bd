package dev.webhookoutbox.it;

import static dev.webhookoutbox.it.support.HostSchemaTools.hostFlyway;
import static dev.webhookoutbox.it.support.HostSchemaTools.liquibaseUpdate;
import static dev.webhookoutbox.it.support.HostSchemaTools.outboxFlyway;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.OutboxSchemaException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.EmptyDatabase;
import dev.webhookoutbox.it.support.HostSchemaTools;
import dev.webhookoutbox.it.support.OutboxQueries;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.OutboxSchema;
import dev.webhookoutbox.jdbc.SchemaMode;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.RunnerConfig;
import dev.webhookoutbox.runner.RunnerProcess;
import dev.webhookoutbox.runner.WebhookRunner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The outbox's SQL files applied by a host's own schema tools, next to the host's migrations: real
 * Flyway and Liquibase on H2, PostgreSQL and MariaDB, then a real runner drains rows enqueued in
 * host transactions. {@code OutboxSchema.migrate} must then leave the schema to those tools.
 */
class SchemaToolsIT {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @ParameterizedTest(name = "{0}")
  @MethodSource(EmptyDatabase.ALL)
  void aSecondFlywayWithItsOwnHistoryAppliesTheFilesBesideTheHostsMigrations(
      String name, Supplier<EmptyDatabase> database) throws Exception {
    try (EmptyDatabase db = database.get()) {
      hostFlyway(db.dataSource()).migrate();
      Flyway outbox = outboxFlyway(db.dataSource(), db.dialect());
      assertThat(outbox.migrate().migrationsExecuted).isPositive();
      assertThat(outbox.info().pending()).isEmpty();

      OutboxSchema.migrate(db.dataSource());

      assertThat(tableExists(db, "webhook_outbox_schema"))
          .as("OutboxSchema.migrate must leave a schema that Flyway manages to Flyway")
          .isFalse();
      assertThat(hostFlyway(db.dataSource()).migrate().migrationsExecuted).isZero();
      assertThat(outbox.migrate().migrationsExecuted).isZero();
      runnerDrainsHostTransactions(db);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(EmptyDatabase.ALL)
  void theLiquibaseChangelogAppliesTheFilesBesideTheHostsChangesets(
      String name, Supplier<EmptyDatabase> database) throws Exception {
    try (EmptyDatabase db = database.get()) {
      liquibaseUpdate(db.dataSource(), "db/host/changelog.xml");
      long recorded = outboxChangesets(db);
      assertThat(recorded).isPositive();

      OutboxSchema.migrate(db.dataSource());

      assertThat(tableExists(db, "webhook_outbox_schema"))
          .as("OutboxSchema.migrate must leave a schema that Liquibase manages to Liquibase")
          .isFalse();
      liquibaseUpdate(db.dataSource(), "db/host/changelog.xml");
      assertThat(outboxChangesets(db)).isEqualTo(recorded);
      runnerDrainsHostTransactions(db);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(EmptyDatabase.ALL)
  void migrateDoesNotApplyWhatFlywayHasNotAppliedYetAndSaysWhy(
      String name, Supplier<EmptyDatabase> database) throws Exception {
    try (EmptyDatabase db = database.get()) {
      Flyway outbox = outboxFlyway(db.dataSource(), db.dialect());
      Flyway upToV5 =
          Flyway.configure().configuration(outbox.getConfiguration()).target("5").load();
      upToV5.migrate();

      Throwable refused = catchThrowable(() -> OutboxSchema.migrate(db.dataSource()));

      assertThat(tableExists(db, "webhook_outbox_schema")).isFalse();
      assertThat(refused)
          .isInstanceOf(OutboxSchemaException.class)
          // V6 and every file after it, which Flyway was told not to apply yet; nothing before.
          .hasMessageContaining("lacks V6__index_leased_rows_by_lease_only.sql, ")
          .hasMessageContaining(", V8__record_last_attempt_start.sql")
          .hasMessageNotContaining("V5__")
          .hasMessageContaining("history table " + HostSchemaTools.OUTBOX_FLYWAY_TABLE)
          .hasMessageContaining("classpath:db/webhook-outbox/" + db.dialect());
      assertThatThrownBy(() -> SchemaMode.VERIFY.prepare(db.dataSource()))
          .isInstanceOf(OutboxSchemaException.class)
          .hasMessage(refused.getMessage());
      SchemaMode.NONE.prepare(db.dataSource());

      outbox.migrate();
      SchemaMode.VERIFY.prepare(db.dataSource());
      SchemaMode.MIGRATE.prepare(db.dataSource());
      assertThat(tableExists(db, "webhook_outbox_schema")).isFalse();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(EmptyDatabase.ALL)
  void theRunnerStartsOnAFlywaySchemaWithoutTouchingItAndVerifyRefusesAnEmptyOne(
      String name, Supplier<EmptyDatabase> database) throws Exception {
    try (EmptyDatabase db = database.get()) {
      Map<String, String> verify = new HashMap<>(db.runnerEnv());
      verify.put("WEBHOOKS_SCHEMA_MODE", "verify");
      assertThatThrownBy(() -> RunnerProcess.start(RunnerConfig.load(null, verify)))
          .isInstanceOf(OutboxSchemaException.class)
          .hasMessageStartingWith("The webhook-outbox schema lacks V1__create_webhook_outbox.sql, ")
          .hasMessageContaining("OutboxSchema.migrate(dataSource) or webhook-runner migrate");
      assertThat(tableExists(db, "webhook_delivery")).isFalse();

      hostFlyway(db.dataSource()).migrate();
      outboxFlyway(db.dataSource(), db.dialect()).migrate();
      // The default mode, migrate, finds Flyway's records and only verifies.
      try (RunnerProcess process = RunnerProcess.start(RunnerConfig.load(null, db.runnerEnv()))) {
        assertThat(process.runner()).isNotNull();
      }
      assertThat(tableExists(db, "webhook_outbox_schema")).isFalse();
    }
  }

  @Test
  void theOutboxFilesCannotJoinTheHostsOwnFlywayHistory() {
    try (EmptyDatabase db = EmptyDatabase.h2()) {
      Flyway shared =
          Flyway.configure()
              .dataSource(db.dataSource())
              .locations("classpath:db/host/flyway", "classpath:db/webhook-outbox/h2")
              .load();
      assertThatThrownBy(shared::migrate)
          .isInstanceOf(FlywayException.class)
          .hasMessageContaining("Found more than one migration with version 1");
    }
  }

  /** Each database with each tool. */
  static Stream<Arguments> databasesAndTools() {
    return EmptyDatabase.all()
        .flatMap(
            db ->
                Stream.of("Flyway", "Liquibase")
                    .map(tool -> Arguments.of(db.get()[0] + ", " + tool, db.get()[1], tool)));
  }

  /** A host whose tables Flyway manages, and whose outbox tables OutboxSchema.migrate created. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databasesAndTools")
  void aToolTakesOverADatabaseThatOutboxSchemaMigrated(
      String name, Supplier<EmptyDatabase> database, String tool) throws Exception {
    try (EmptyDatabase db = database.get();
        TestReceiver receiver = new TestReceiver()) {
      hostFlyway(db.dataSource()).migrate();
      OutboxSchema.migrate(db.dataSource());
      List<UUID> waiting = enqueue(db, receiver.url("/before-the-switch"), 2, false);

      // Every file runs again on the existing tables: they are written to be re-run.
      if (tool.equals("Flyway")) {
        assertThat(outboxFlyway(db.dataSource(), db.dialect()).migrate().success).isTrue();
      } else {
        liquibaseUpdate(db.dataSource(), "db/webhook-outbox/changelog.xml");
      }

      assertThat(new OutboxQueries(db.dataSource()).count("SELECT count(*) FROM webhook_delivery"))
          .as("the rows enqueued before the switch are still there")
          .isEqualTo(waiting.size());
      OutboxSchema.verify(db.dataSource());
      OutboxSchema.migrate(db.dataSource());
      runnerDrainsHostTransactions(db, receiver, waiting);
    }
  }

  private static void runnerDrainsHostTransactions(EmptyDatabase db) throws Exception {
    try (TestReceiver receiver = new TestReceiver()) {
      runnerDrainsHostTransactions(db, receiver, List.of());
    }
  }

  /**
   * Host transactions write a prediction row and its webhook; a runner delivers every one, and the
   * deliveries that were already waiting.
   */
  private static void runnerDrainsHostTransactions(
      EmptyDatabase db, TestReceiver receiver, List<UUID> waiting) throws Exception {
    try (WebhookRunner runner = TestRunners.fast(db.dataSource(), "schema-tools").build()) {
      runner.start();
      List<UUID> ids = new ArrayList<>(waiting);
      ids.addAll(enqueue(db, receiver.url("/hooks"), 5, true));
      OutboxQueries sql = new OutboxQueries(db.dataSource());
      await()
          .atMost(WAIT)
          .until(() -> ids.stream().allMatch(id -> "DELIVERED".equals(sql.status(id))));
      assertThat(receiver.received())
          .extracting(r -> r.header("webhook-id"))
          .containsExactlyInAnyOrderElementsOf(ids.stream().map(UUID::toString).toList());
    }
  }

  private static List<UUID> enqueue(EmptyDatabase db, String url, int count, boolean hostRows)
      throws SQLException {
    WebhookOutbox outbox = WebhookOutbox.builder().options(TestRunners.options()).build();
    List<UUID> ids = new ArrayList<>();
    try (Connection tx = db.dataSource().getConnection()) {
      tx.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String prediction = "p-" + UUID.randomUUID();
        if (hostRows) {
          try (PreparedStatement insert =
              tx.prepareStatement(
                  "INSERT INTO prediction (id, output, status) VALUES (?, 'frame.png', 'done')")) {
            insert.setString(1, prediction);
            insert.executeUpdate();
          }
        }
        ids.add(
            outbox.enqueue(
                tx,
                WebhookRequest.builder(url, "completed")
                    .subject(prediction)
                    .payload("{\"id\":\"" + prediction + "\"}")
                    .build()));
      }
      tx.commit();
    }
    return ids;
  }

  private static long outboxChangesets(EmptyDatabase db) {
    return new OutboxQueries(db.dataSource())
        .count("SELECT count(*) FROM DATABASECHANGELOG WHERE author = 'webhook-outbox'");
  }

  private static boolean tableExists(EmptyDatabase db, String table) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        ResultSet tables =
            c.getMetaData()
                .getTables(
                    c.getCatalog(),
                    c.getSchema(),
                    "h2".equals(db.dialect()) ? table.toUpperCase() : table,
                    null)) {
      return tables.next();
    }
  }
}
