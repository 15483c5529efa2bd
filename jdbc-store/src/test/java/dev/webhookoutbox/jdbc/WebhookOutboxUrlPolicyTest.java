package dev.webhookoutbox.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.webhookoutbox.InvalidWebhookException;
import dev.webhookoutbox.OutboxOptions;
import dev.webhookoutbox.UrlRefusedException;
import dev.webhookoutbox.WebhookRequest;
import dev.webhookoutbox.validation.UrlPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookOutboxUrlPolicyTest {

  private Connection connection;

  @BeforeEach
  void openDatabase() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:urlpolicy;DB_CLOSE_DELAY=-1");
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
  void theDefaultPolicyRefusesPlainHttpAndInternalHostsAndWritesNothing() throws SQLException {
    WebhookOutbox outbox = WebhookOutbox.builder().build();
    for (String url :
        List.of(
            "http://example.com/hook",
            "https://127.0.0.1/hook",
            "https://[::ffff:169.254.169.254]/latest",
            "https://2130706433/")) {
      assertThatThrownBy(() -> outbox.enqueue(connection, request(url)))
          .as(url)
          .isInstanceOf(UrlRefusedException.class);
    }
    assertThat(deliveries()).isZero();
  }

  @Test
  void oneBadRequestInABatchWritesNone() throws SQLException {
    WebhookOutbox outbox = WebhookOutbox.builder().build();
    WebhookRequest good = request("https://example.com/hook");
    WebhookRequest badHeader =
        WebhookRequest.builder("https://example.com/hook", "completed")
            .payload("{}")
            .header("X-Evil", "a\r\nHost: internal")
            .build();
    assertThatThrownBy(() -> outbox.enqueueAll(connection, List.of(good, badHeader)))
        .isInstanceOf(InvalidWebhookException.class)
        .hasMessageStartingWith("headers: ");
    assertThat(deliveries()).isZero();
  }

  @Test
  void aConfiguredPolicyLetsTestReceiversIn() throws SQLException {
    WebhookOutbox outbox =
        WebhookOutbox.builder()
            .options(
                OutboxOptions.builder()
                    .urlPolicy(UrlPolicy.builder().allowPlainHttp(true).allowLoopback().build())
                    .build())
            .build();
    outbox.enqueue(connection, request("http://127.0.0.1:8080/hook"));
    assertThat(deliveries()).isOne();
  }

  private static WebhookRequest request(String url) {
    return WebhookRequest.builder(url, "completed").payload("{\"ok\":true}").build();
  }

  private long deliveries() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM webhook_delivery")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
