package dev.webhookoutbox.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.it.support.CapturedStderr;
import dev.webhookoutbox.it.support.TestDatabase;
import dev.webhookoutbox.it.support.TestReceiver;
import dev.webhookoutbox.it.support.TestRunners;
import dev.webhookoutbox.jdbc.JdbcOutboxStore;
import dev.webhookoutbox.jdbc.WebhookOutbox;
import dev.webhookoutbox.runner.ClusterSettings;
import dev.webhookoutbox.runner.RunnerConfig;
import dev.webhookoutbox.runner.RunnerProcess;
import dev.webhookoutbox.runner.WebhookRunner;
import dev.webhookoutbox.signing.SecretCipher;
import dev.webhookoutbox.signing.WebhookVerifier;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A runner that starts without a secret key on an outbox holding signing secrets in plaintext says
 * so once, naming the fix and never the secret; with a key, or with only encrypted or unsigned
 * rows, it says nothing.
 */
class PlaintextSecretsWarningIT {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final Pattern WARNING = Pattern.compile("signing secrets in plaintext");

  private final SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());
  private final OutboxOptions encrypting =
      TestRunners.options().toBuilder().secretCipher(cipher).build();

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void warnsOnceWithoutAKeyWhenPlaintextSecretsAreStored(
      String name, Supplier<TestDatabase> database) throws Exception {
    try (TestDatabase db = database.get()) {
      enqueue(db.dataSource(), WebhookOutbox.builder().build(), true);
      enqueue(db.dataSource(), WebhookOutbox.builder().build(), false);

      String log = startAndStop(db.dataSource(), ds -> runner(ds));

      assertThat(count(log)).as(log).isEqualTo(1);
      assertThat(log)
          .contains("webhooks.secret-key")
          .contains("OutboxOptions.builder().secretCipher(")
          .contains("WebhookOutbox.builder().options(")
          .contains("WebhookRunner.builder(dataSource).options(")
          .doesNotContain(SECRET)
          .doesNotContain(SECRET.substring("whsec_".length()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void saysNothingWithAKeyOrWithoutPlaintextSecrets(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get()) {
      assertThat(count(startAndStop(db.dataSource(), ds -> runner(ds))))
          .as("empty outbox")
          .isZero();

      enqueue(db.dataSource(), WebhookOutbox.builder().build(), false);
      enqueue(db.dataSource(), WebhookOutbox.builder().options(encrypting).build(), true);
      assertThat(count(startAndStop(db.dataSource(), ds -> runner(ds))))
          .as("unsigned and encrypted rows, no key")
          .isZero();

      enqueue(db.dataSource(), WebhookOutbox.builder().build(), true);
      assertThat(
              count(
                  startAndStop(
                      db.dataSource(),
                      ds ->
                          TestRunners.fast(new JdbcOutboxStore(ds, cipher), ds, "secrets-check")
                              .cluster(ClusterSettings.local()))))
          .as("plaintext rows, a store with a key")
          .isZero();
      assertThat(count(startAndStop(db.dataSource(), ds -> runner(ds).options(encrypting))))
          .as("plaintext rows, a runner with a key")
          .isZero();
      assertThat(count(startAndStop(db.dataSource(), ds -> runner(ds))))
          .as("the same rows, no key")
          .isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource(TestDatabase.ALL)
  void onlyTheNewestDeliveriesAreRead(String name, Supplier<TestDatabase> database)
      throws Exception {
    try (TestDatabase db = database.get()) {
      JdbcOutboxStore store = new JdbcOutboxStore(db.dataSource());
      assertThat(store.hasSecretCipher()).isFalse();
      assertThat(new JdbcOutboxStore(db.dataSource(), cipher).hasSecretCipher()).isTrue();
      assertThat(store.holdsPlaintextSecrets()).isFalse();
      enqueue(db.dataSource(), WebhookOutbox.builder().build(), true);
      assertThat(store.holdsPlaintextSecrets()).isTrue();
      WebhookOutbox encrypting = WebhookOutbox.builder().options(this.encrypting).build();
      List<WebhookRequest> newer = new ArrayList<>();
      for (int i = 0; i < JdbcOutboxStore.PLAINTEXT_CHECK_WINDOW; i++) {
        newer.add(
            WebhookRequest.builder("https://example.com/hooks", "completed")
                .payload("{}")
                .signingSecret(SECRET)
                .build());
      }
      encrypting.enqueueAllWithoutTransaction(db.dataSource(), newer);
      assertThat(store.holdsPlaintextSecrets())
          .as(
              "the plaintext row is older than the newest %d",
              JdbcOutboxStore.PLAINTEXT_CHECK_WINDOW)
          .isFalse();
    }
  }

  @Test
  void optionsWithACipherAndAStoreOfOnesOwnThatCannotDecryptDoNotMix() {
    try (TestDatabase db = TestDatabase.h2()) {
      WebhookRunner.Builder both =
          WebhookRunner.builder(new JdbcOutboxStore(db.dataSource()))
              .options(encrypting)
              .cluster(ClusterSettings.local());
      assertThatThrownBy(both::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("new JdbcOutboxStore(dataSource, cipher)");
      try (WebhookRunner decrypting =
          WebhookRunner.builder(new JdbcOutboxStore(db.dataSource(), cipher))
              .options(encrypting)
              .cluster(ClusterSettings.local())
              .build()) {
        assertThat(decrypting.runnerId()).isNotBlank();
      }
    }
  }

  @Test
  void theStandaloneRunnerDecryptsWithWebhooksSecretKeyAndWarnsWithoutIt() throws Exception {
    String key = SecretCipher.generateKey();
    try (TestDatabase db = TestDatabase.h2();
        TestReceiver receiver = new TestReceiver()) {
      WebhookOutbox encrypting =
          WebhookOutbox.builder()
              .options(
                  TestRunners.options().toBuilder()
                      .secretCipher(SecretCipher.fromBase64Key(key))
                      .build())
              .build();
      encrypting.enqueueWithoutTransaction(
          db.dataSource(),
          WebhookRequest.builder(receiver.url("/hooks"), "completed")
              .payload("{\"id\":1}")
              .signingSecret(SECRET)
              .build());
      String withKey;
      try (CapturedStderr stderr = new CapturedStderr();
          RunnerProcess process = RunnerProcess.start(standalone(db, key))) {
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.count() == 1);
        withKey = stderr.text();
      }
      TestReceiver.Received received = receiver.received().get(0);
      WebhookVerifier.of(SECRET).verify(received.headers(), received.body());
      assertThat(count(withKey)).as("with webhooks.secret-key").isZero();

      enqueue(db.dataSource(), WebhookOutbox.builder().build(), true);
      try (CapturedStderr stderr = new CapturedStderr();
          RunnerProcess process = RunnerProcess.start(standalone(db, null))) {
        assertThat(count(stderr.text())).as("without webhooks.secret-key").isEqualTo(1);
      }
    }
  }

  private static RunnerConfig standalone(TestDatabase db, String secretKey) {
    Map<String, String> env = new HashMap<>();
    env.put("WEBHOOKS_DB_URL", db.jdbcUrl());
    env.put("WEBHOOKS_DB_USER", db.user());
    env.put("WEBHOOKS_DB_POOL_SIZE", "4");
    env.put("WEBHOOKS_DISPATCH_IDLE_POLL", "20ms");
    env.put("WEBHOOKS_HTTP_ALLOW_PLAIN_HTTP", "true");
    env.put("WEBHOOKS_HTTP_ALLOWLIST", "127.0.0.0/8");
    env.put("WEBHOOKS_CLUSTER_ENABLED", "false");
    env.put("WEBHOOKS_RETENTION_ENABLED", "false");
    if (secretKey != null) {
      env.put("WEBHOOKS_SECRET_KEY", secretKey);
    }
    return RunnerConfig.load(null, env);
  }

  private static WebhookRunner.Builder runner(DataSource dataSource) {
    return TestRunners.fast(dataSource, "secrets-check").cluster(ClusterSettings.local());
  }

  /** Starts and closes a runner, and returns what it logged meanwhile. */
  private static String startAndStop(
      DataSource dataSource, Function<DataSource, WebhookRunner.Builder> builder) {
    try (CapturedStderr stderr = new CapturedStderr()) {
      try (WebhookRunner runner = builder.apply(dataSource).build()) {
        runner.start();
      }
      return stderr.text();
    }
  }

  /** A delivered row, so that the runner has nothing to send. */
  private static void enqueue(DataSource dataSource, WebhookOutbox outbox, boolean signed)
      throws Exception {
    WebhookRequest.Builder request =
        WebhookRequest.builder("https://example.com/hooks", "completed").payload("{}");
    if (signed) {
      request.signingSecret(SECRET);
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      outbox.enqueue(c, request.build());
      s.executeUpdate(
          "UPDATE webhook_delivery SET status = 'DELIVERED', completed_at = CURRENT_TIMESTAMP");
      c.commit();
    }
  }

  private static int count(String log) {
    Matcher matcher = WARNING.matcher(log);
    int found = 0;
    while (matcher.find()) {
      found++;
    }
    return found;
  }
}
