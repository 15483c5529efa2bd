package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.retry.RetryPreset;
import dev.webhookoutbox.signing.SecretCipher;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The enqueue side takes what it shares with the runners from one {@link OutboxOptions}. */
class WebhookOutboxOptionsTest {

  private Connection connection;

  @BeforeEach
  void openDatabase() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:options;DB_CLOSE_DELAY=-1");
    OutboxSchema.migrate(connection);
    connection.setAutoCommit(false);
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    connection.rollback();
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP ALL OBJECTS");
    }
    connection.close();
  }

  @Test
  void onlyAPresetTheRequestNamesIsStoredTheDefaultIsTheRunners() throws SQLException {
    WebhookOutbox outbox =
        WebhookOutbox.builder()
            .options(OutboxOptions.builder().defaultRetryPreset(RetryPreset.TERMINAL_ONLY).build())
            .build();

    UUID unnamed = outbox.enqueue(connection, request().build());
    UUID named = outbox.enqueue(connection, request().retryPreset(RetryPreset.DAY_LONG).build());

    assertThat(column(unnamed, "retry_preset")).isNull();
    assertThat(column(named, "retry_preset")).isEqualTo("day-long");
  }

  @Test
  void theOptionsCipherEncryptsAndTheirBodyLimitHolds() throws SQLException {
    SecretCipher cipher = SecretCipher.fromBase64Key(SecretCipher.generateKey());
    WebhookOutbox outbox =
        WebhookOutbox.builder()
            .options(OutboxOptions.builder().secretCipher(cipher).maxPayloadBytes(16).build())
            .build();

    UUID id =
        outbox.enqueue(
            connection, request().signingSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").build());
    assertThat(column(id, "signing_secrets")).startsWith(SecretCipher.PREFIX);
    assertThatThrownBy(
            () -> outbox.enqueue(connection, request().payload("{\"a\":\"0123456789\"}").build()))
        .isInstanceOf(InvalidWebhookException.class);
  }

  private static WebhookRequest.Builder request() {
    return WebhookRequest.builder("https://example.com/hook", "completed").payload("{}");
  }

  private String column(UUID id, String column) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT " + column + " FROM webhook_delivery WHERE id = ?")) {
      select.setObject(1, id);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }
}
